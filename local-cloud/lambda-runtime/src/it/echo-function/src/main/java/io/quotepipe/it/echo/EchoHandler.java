package io.quotepipe.it.echo;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * Echoes its event back, with what the runtime told it in {@link Context}, so that a test can check what
 * the function saw. Behaviour on demand: {@code "fail": true} throws, {@code "sleepMs": n} sleeps (to
 * exceed the timeout), {@code "exit": n} ends the process (a crashed runtime).
 */
public class EchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (Boolean.TRUE.equals(event.get("fail"))) {
            throw new IllegalStateException("echo failed on request: " + event.get("message"));
        }
        if (event.get("sleepMs") instanceof Number sleepMs) {
            sleep(sleepMs.longValue());
        }
        if (event.get("exit") instanceof Number status) {
            Runtime.getRuntime().halt(status.intValue());
        }
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("functionName", context.getFunctionName());
        seen.put("functionVersion", context.getFunctionVersion());
        seen.put("invokedFunctionArn", context.getInvokedFunctionArn());
        seen.put("awsRequestId", context.getAwsRequestId());
        seen.put("memoryLimitInMB", context.getMemoryLimitInMB());
        seen.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        seen.put("logGroupName", context.getLogGroupName());
        seen.put("taskRoot", System.getenv("LAMBDA_TASK_ROOT"));
        seen.put("userDir", System.getProperty("user.dir"));
        seen.put("greeting", System.getenv("ECHO_GREETING"));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("event", event);
        response.put("context", seen);
        return response;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("echo interrupted while sleeping " + millis + " ms", e);
        }
    }
}
