package io.quotepipe.local.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What {@link LambdaHost} needs to run one function: the deployment package and the settings a SAM
 * template gives it ({@code Handler}, {@code Timeout}, {@code MemorySize}, {@code Environment}).
 *
 * @param functionName Lambda function name ({@code AWS_LAMBDA_FUNCTION_NAME})
 * @param functionZip  the deployment package, e.g. a Quarkus app's {@code target/function.zip}
 * @param workDir      where the package is extracted, into {@code <workDir>/<functionName>/task} (the
 *                     {@code /var/task} of this function); one host per function name and work dir
 * @param handler      handler string, as in the template's {@code Handler}
 * @param timeout      the function timeout, 1 s to 15 min
 * @param memoryMb     memory size, 128 to 10,240 MB; sizes the JVM heap as Lambda does
 * @param environment  the function's environment variables; on top of Lambda's defined runtime
 *                     variables, which it may not replace (as Lambda refuses reserved keys), except
 *                     region and credentials: locally there is no execution role to provide them
 * @param logFile      where the runtime's stdout and stderr go, with the platform's START / END / REPORT
 *                     lines: the function's CloudWatch log stream
 */
public record LambdaFunctionSpec(
        String functionName,
        Path functionZip,
        Path workDir,
        String handler,
        Duration timeout,
        int memoryMb,
        Map<String, String> environment,
        Path logFile) {

    /** The handler of every Quarkus Lambda in JVM mode; it boots Quarkus and calls the app's handler. */
    public static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    private static final String LOCAL_REGION = "us-east-1";
    private static final String LOCAL_ACCOUNT = "000000000000";

    /** Lambda's default timeout, when a template sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /** Lambda's default memory size, when a template sets none. */
    public static final int DEFAULT_MEMORY_MB = 128;

    // https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    // Set by the runtime host; Lambda rejects them in a function's configuration.
    // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
    private static final Set<String> RESERVED = Set.of(
            "_HANDLER", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    public LambdaFunctionSpec {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(functionZip, "functionZip");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(logFile, "logFile");
        if (!FUNCTION_NAME.matcher(functionName).matches()) {
            throw new IllegalArgumentException("Function name '" + functionName
                    + "' is not a Lambda function name: 1 to 64 letters, digits, '-' or '_'");
        }
        if (handler.isBlank()) {
            throw new IllegalArgumentException("Handler of function " + functionName + " is blank");
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("Timeout of function " + functionName + " is " + timeout
                    + "; Lambda allows 1 second to 15 minutes");
        }
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("Memory size of function " + functionName + " is " + memoryMb
                    + " MB; Lambda allows 128 to 10240 MB");
        }
        Set<String> reserved = new TreeSet<>(environment.keySet());
        reserved.retainAll(RESERVED);
        if (!reserved.isEmpty()) {
            throw new IllegalArgumentException("Environment of function " + functionName
                    + " sets reserved keys " + reserved + ": the runtime sets them, as on Lambda");
        }
        environment = Map.copyOf(environment);
    }

    /**
     * A spec with Lambda's defaults: the Quarkus handler, 3 s, 128 MB, no environment, and the log in
     * {@code <workDir>/<functionName>.log}.
     */
    public static LambdaFunctionSpec of(String functionName, Path functionZip, Path workDir) {
        return new LambdaFunctionSpec(functionName, functionZip, workDir, QUARKUS_HANDLER, DEFAULT_TIMEOUT,
                DEFAULT_MEMORY_MB, Map.of(), workDir.resolve(functionName + ".log"));
    }

    public LambdaFunctionSpec withHandler(String handler) {
        return new LambdaFunctionSpec(functionName, functionZip, workDir, handler, timeout, memoryMb, environment, logFile);
    }

    public LambdaFunctionSpec withTimeout(Duration timeout) {
        return new LambdaFunctionSpec(functionName, functionZip, workDir, handler, timeout, memoryMb, environment, logFile);
    }

    public LambdaFunctionSpec withMemoryMb(int memoryMb) {
        return new LambdaFunctionSpec(functionName, functionZip, workDir, handler, timeout, memoryMb, environment, logFile);
    }

    public LambdaFunctionSpec withEnvironment(Map<String, String> environment) {
        return new LambdaFunctionSpec(functionName, functionZip, workDir, handler, timeout, memoryMb, environment, logFile);
    }

    public LambdaFunctionSpec withLogFile(Path logFile) {
        return new LambdaFunctionSpec(functionName, functionZip, workDir, handler, timeout, memoryMb, environment, logFile);
    }

    /** {@code AWS_REGION} of the environment, else the local cloud's region. */
    public String region() {
        return environment.getOrDefault("AWS_REGION", LOCAL_REGION);
    }

    /** The function's ARN in the local cloud's account, as Lambda hands it to the runtime with each event. */
    public String functionArn() {
        return "arn:aws:lambda:" + region() + ":" + LOCAL_ACCOUNT + ":function:" + functionName;
    }
}
