package io.quotepipe.local.lambda;

import static io.quotepipe.local.lambda.RunningProcesses.isRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * Runs the Quarkus Lambda of {@code src/it/echo-function} (built by the invoker before this test) through
 * AWS's runtime interface client, as the {@code java21} runtime would.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LambdaHostIT {

    private static final Path FUNCTION_ZIP = Path.of(System.getProperty("echo-function.zip",
            "target/it/echo-function/target/function.zip"));

    @TempDir
    static Path workDir;

    private static LambdaHost echo;

    @BeforeAll
    static void startEcho() {
        echo = LambdaHost.start(spec("echo")
                .withMemoryMb(256)
                .withTimeout(Duration.ofSeconds(30))
                .withEnvironment(Map.of("ECHO_GREETING", "hello from the template")));
    }

    @AfterAll
    static void closeEcho() {
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    void returnsHandlerResponse_withContextAndEnvironmentAsOnLambda() {
        JsonObject response = new JsonObject(echo.invoke("{\"message\":\"hi\",\"n\":1}"));

        assertThat(response.getJsonObject("event").getMap()).containsEntry("message", "hi").containsEntry("n", 1);
        JsonObject context = response.getJsonObject("context");
        assertThat(context.getString("functionName")).isEqualTo("echo");
        assertThat(context.getString("functionVersion")).isEqualTo("$LATEST");
        assertThat(context.getString("invokedFunctionArn"))
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:echo");
        assertThat(context.getString("awsRequestId")).matches("[0-9a-f-]{36}");
        assertThat(context.getInteger("memoryLimitInMB")).isEqualTo(256);
        assertThat(context.getLong("remainingTimeInMillis")).isBetween(1L, 30_000L);
        assertThat(context.getString("logGroupName")).isEqualTo("/aws/lambda/echo");
        assertThat(context.getString("taskRoot")).isEqualTo(context.getString("userDir"))
                .isEqualTo(workDir.resolve("echo").resolve("task").toAbsolutePath().toString());
        assertThat(context.getString("greeting")).isEqualTo("hello from the template");
    }

    @Test
    void reusesRuntimeProcess_whenInvokedAgain() {
        echo.invoke("{\"message\":\"first\"}");
        long pid = echo.runtimePid();

        String second = echo.invoke("{\"message\":\"second\"}");

        assertThat(new JsonObject(second).getJsonObject("event").getString("message")).isEqualTo("second");
        assertThat(echo.runtimePid()).isEqualTo(pid);
        assertThat(echo.coldStarts()).isEqualTo(1);
    }

    @Test
    void throwsInvocationExceptionWithErrorTypeAndMessage_whenHandlerThrows_andKeepsRuntime() {
        echo.invoke("{}");
        long pid = echo.runtimePid();

        LambdaInvocationException error = catchThrowableOfType(LambdaInvocationException.class,
                () -> echo.invoke("{\"fail\":true,\"message\":\"bad quote\"}"));

        assertThat(error.functionName()).isEqualTo("echo");
        assertThat(error.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.errorMessage()).isEqualTo("echo failed on request: bad quote");
        assertThat(new JsonObject(error.errorJson()).getJsonArray("stackTrace")).isNotEmpty();
        assertThat(echo.runtimePid()).isEqualTo(pid);
        assertThat(echo.invoke("{\"message\":\"still warm\"}")).contains("still warm");
    }

    @Test
    void killsAndReplacesRuntime_whenInvocationOutlivesTimeout() {
        try (LambdaHost host = LambdaHost.start(spec("echo-timeout").withTimeout(Duration.ofSeconds(5)))) {
            long firstPid = host.runtimePid();
            long started = System.nanoTime();

            LambdaInvocationException error = catchThrowableOfType(LambdaInvocationException.class,
                    () -> host.invoke("{\"sleepMs\":120000}"));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(error.errorType()).isEqualTo(LambdaInvocationException.TIMED_OUT);
            assertThat(error.errorMessage()).endsWith("Task timed out after 5.00 seconds");
            await().atMost(Duration.ofSeconds(10)).until(() -> !isRunning(firstPid));
            assertThat(host.runtimePid()).isNotEqualTo(firstPid);
            assertThat(host.coldStarts()).isEqualTo(2);
            assertThat(host.invoke("{\"message\":\"after timeout\"}")).contains("after timeout");
        }
    }

    @Test
    void reportsRuntimeExit_andStartsNewRuntimeOnNextInvocation_whenProcessDies() {
        try (LambdaHost host = LambdaHost.start(spec("echo-crash"))) {
            long firstPid = host.runtimePid();

            LambdaInvocationException error = catchThrowableOfType(LambdaInvocationException.class,
                    () -> host.invoke("{\"exit\":3}"));

            assertThat(error.errorType()).isEqualTo(LambdaInvocationException.RUNTIME_EXITED);
            assertThat(error.errorMessage()).endsWith("Runtime exited with error: exit status 3");
            assertThat(host.invoke("{\"message\":\"revived\"}")).contains("revived");
            assertThat(host.runtimePid()).isNotEqualTo(firstPid);
            assertThat(host.coldStarts()).isEqualTo(2);
        }
    }

    @Test
    void reportsClassNotFound_whenHandlerDoesNotExist() {
        try (LambdaHost host = LambdaHost.start(spec("echo-bad-handler")
                .withHandler("io.quotepipe.it.echo.NoSuchHandler::handleRequest"))) {

            LambdaInvocationException error = catchThrowableOfType(LambdaInvocationException.class,
                    () -> host.invoke("{}"));

            assertThat(error.errorType()).isEqualTo("java.lang.ClassNotFoundException");
            assertThat(error.errorMessage()).contains("io.quotepipe.it.echo.NoSuchHandler");
        }
    }

    @Test
    void leavesNoProcessOrPortBehind_whenClosed() throws IOException {
        LambdaHost host = LambdaHost.start(spec("echo-close"));
        host.invoke("{}");
        long pid = host.runtimePid();
        int port = runtimeApiPort(host);

        host.close();

        assertThat(isRunning(pid)).isFalse();
        assertThat(ProcessHandle.current().descendants().mapToLong(ProcessHandle::pid)).doesNotContain(pid);
        assertThat(isListening(port)).isFalse();
    }

    @Test
    void runtimeEnds_whenItsHostJvmIsKilled() throws Exception {
        Path orphanWork = Files.createDirectories(workDir.resolve("orphan-host"));
        Process hostJvm = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquotepipe.home=" + System.getProperty("quotepipe.home", "../.."),
                "-cp", System.getProperty("java.class.path"),
                OrphanedHostMain.class.getName(), FUNCTION_ZIP.toAbsolutePath().toString(), orphanWork.toString())
                .redirectError(orphanWork.resolve("host-jvm.log").toFile())
                .start();
        long runtimePid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(hostJvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            runtimePid = Long.parseLong(out.readLine().trim());
        }
        assertThat(isRunning(runtimePid)).isTrue();

        hostJvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> !isRunning(runtimePid));
    }

    static LambdaFunctionSpec spec(String name) {
        return LambdaFunctionSpec.of(name, FUNCTION_ZIP, workDir);
    }

    /** The port is in the runtime's environment, AWS_LAMBDA_RUNTIME_API=127.0.0.1:port. */
    private static int runtimeApiPort(LambdaHost host) throws IOException {
        String environ = Files.readString(Path.of("/proc", Long.toString(host.runtimePid()), "environ"));
        String api = Arrays.stream(environ.split("\0"))
                .filter(v -> v.startsWith("AWS_LAMBDA_RUNTIME_API=")).findFirst().orElseThrow();
        return Integer.parseInt(api.substring(api.lastIndexOf(':') + 1));
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
