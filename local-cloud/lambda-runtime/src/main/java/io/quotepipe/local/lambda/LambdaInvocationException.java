package io.quotepipe.local.lambda;

import java.util.Objects;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A synchronous invocation that ended in a function error: what the Lambda {@code Invoke} API returns
 * with {@code X-Amz-Function-Error: Unhandled}. The payload is the error document the runtime reported,
 * e.g. {@code {"errorMessage":"...","errorType":"java.lang.IllegalStateException","stackTrace":[...]}},
 * or one the platform makes: {@code Sandbox.Timedout} when the timeout is exceeded,
 * {@code Runtime.ExitError} when the runtime process dies
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html">error handling</a>,
 * <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke</a>).
 */
public class LambdaInvocationException extends RuntimeException {

    /** The platform's error type when the invocation outlived the function's timeout. */
    public static final String TIMED_OUT = "Sandbox.Timedout";
    /** The platform's error type when the runtime process ended during the invocation. */
    public static final String RUNTIME_EXITED = "Runtime.ExitError";

    private final String functionName;
    private final String errorJson;
    private final String errorType;
    private final String errorMessage;

    public LambdaInvocationException(String functionName, String errorJson) {
        this(functionName, errorJson, parse(errorJson));
    }

    private LambdaInvocationException(String functionName, String errorJson, JsonObject error) {
        super("Lambda function " + functionName + " failed: " + error.getString("errorType", "(no errorType)")
                + ": " + error.getString("errorMessage", "(no errorMessage)"));
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.errorJson = errorJson;
        this.errorType = error.getString("errorType");
        this.errorMessage = error.getString("errorMessage");
    }

    /** Builds the error document the platform reports for failures of its own (timeout, runtime exit). */
    static String platformError(String errorType, String errorMessage) {
        return new JsonObject().put("errorType", errorType).put("errorMessage", errorMessage).encode();
    }

    public String functionName() {
        return functionName;
    }

    /** The error payload as the caller of {@code Invoke} receives it. */
    public String errorJson() {
        return errorJson;
    }

    /** For example {@code java.lang.IllegalStateException}, {@code Sandbox.Timedout}; null if absent. */
    public String errorType() {
        return errorType;
    }

    public String errorMessage() {
        return errorMessage;
    }

    private static JsonObject parse(String errorJson) {
        try {
            return errorJson == null || errorJson.isBlank() ? new JsonObject() : new JsonObject(errorJson);
        } catch (DecodeException | ClassCastException e) {
            return new JsonObject().put("errorMessage", errorJson);
        }
    }
}
