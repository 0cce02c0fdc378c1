package io.quotepipe.local.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;

import io.quotepipe.local.lambda.internal.Delivery;
import io.quotepipe.local.lambda.internal.FunctionPackage;
import io.quotepipe.local.lambda.internal.PlatformLog;
import io.quotepipe.local.lambda.internal.RuntimeApiServer;
import io.quotepipe.local.lambda.internal.RuntimeLauncher;
import io.quotepipe.local.lambda.internal.RuntimeLibrary;
import io.quotepipe.local.lambda.internal.RuntimeProcess;

/**
 * Runs one packaged Lambda function on this machine as the {@code java21} managed runtime runs it: the
 * deployment package extracted to a task root, AWS's runtime interface client in a JVM of its own loading
 * the handler from there, and a Lambda Runtime API on 127.0.0.1 that this host feeds with events. The
 * function's production entry point runs unchanged (for Quarkus, {@code QuarkusStreamHandler}).
 * <p>
 * One host is one execution environment
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html">lifecycle</a>):
 * invocations run one at a time and reuse the process (warm starts). An invocation that outlives the
 * timeout gets {@code Sandbox.Timedout} and its process is killed and replaced; a process that dies is
 * replaced at the next invocation. Each process started counts as a cold start.
 */
public final class LambdaHost implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LambdaHost.class);

    /**
     * Lambda's limit on the init phase. When init takes longer, Lambda runs it again within the first
     * invocation and its timeout; waiting this long plus the timeout for the event to be taken is as
     * patient as Lambda, without restarting a slow init.
     */
    private static final Duration INIT_LIMIT = Duration.ofSeconds(10);
    /** Time the runtime gets to end after SIGTERM; Lambda allows up to 2 s with extensions, none without. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final LambdaFunctionSpec spec;
    private final RuntimeApiServer server;
    private final RuntimeLauncher launcher;
    private final PlatformLog platformLog;
    private final HttpClient http;
    private final URI events;
    private final ReentrantLock invocations = new ReentrantLock(true);

    private final Object lifecycle = new Object();
    private RuntimeProcess runtime;
    private int coldStarts;
    private boolean closed;

    private LambdaHost(LambdaFunctionSpec spec, RuntimeApiServer server, RuntimeLauncher launcher) {
        this.spec = spec;
        this.server = server;
        this.launcher = launcher;
        this.platformLog = new PlatformLog(spec.logFile(), spec.memoryMb());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.events = URI.create("http://" + server.hostAndPort() + RuntimeApiServer.EVENTS_PATH);
    }

    /**
     * Extracts the function's package, starts its Runtime API and its runtime process. The runtime's init
     * phase proceeds in the background; the first {@link #invoke} waits for it.
     */
    public static LambdaHost start(LambdaFunctionSpec spec) {
        Objects.requireNonNull(spec, "spec");
        RuntimeLibrary library = RuntimeLibrary.locate();
        Path taskDir = FunctionPackage.extract(spec.functionZip(),
                spec.workDir().resolve(spec.functionName()).resolve("task"));
        RuntimeApiServer server = RuntimeApiServer.start(spec.functionArn(), spec.timeout());
        LambdaHost host = new LambdaHost(spec, server,
                new RuntimeLauncher(spec, taskDir, library, server.hostAndPort()));
        try {
            synchronized (host.lifecycle) {
                host.startRuntime();
            }
            return host;
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    /**
     * Invokes the function synchronously ({@code RequestResponse}) and returns its response payload.
     *
     * @throws LambdaInvocationException the function failed, timed out, or its runtime died
     * @throws IllegalStateException     the host is closed, or was closed during the invocation
     */
    public String invoke(String eventJson) {
        Objects.requireNonNull(eventJson, "eventJson");
        invocations.lock();
        try {
            RuntimeProcess environment = runningRuntime();
            String requestId = UUID.randomUUID().toString();
            CompletableFuture<Delivery> delivery = server.expect(requestId);
            delivery.thenRun(() -> platformLog.start(requestId));
            long postedAt = System.nanoTime();
            try {
                return await(requestId, post(requestId, eventJson), delivery, environment);
            } finally {
                server.discard(requestId);
                report(requestId, delivery, postedAt, environment);
            }
        } finally {
            invocations.unlock();
        }
    }

    public String functionName() {
        return spec.functionName();
    }

    /** How many runtime processes (execution environments) were started: the first, and every replacement. */
    public int coldStarts() {
        synchronized (lifecycle) {
            return coldStarts;
        }
    }

    /** The process id of the current runtime process. */
    public long runtimePid() {
        synchronized (lifecycle) {
            return runtime.pid();
        }
    }

    /** Stops the runtime process (SIGTERM, then SIGKILL) and the Runtime API. An invocation under way fails. */
    @Override
    public void close() {
        RuntimeProcess last;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            last = runtime;
        }
        try {
            if (last != null) {
                last.stop(STOP_GRACE);
            }
        } finally {
            try {
                server.close();
            } catch (IOException e) {
                LOG.warnf(e, "Cannot stop the Lambda Runtime API of function %s", spec.functionName());
            }
            http.shutdownNow();
        }
    }

    private String await(String requestId, CompletableFuture<HttpResponse<String>> answer,
            CompletableFuture<Delivery> delivery, RuntimeProcess environment) {
        CompletableFuture<Object> answeredOrExited = CompletableFuture.anyOf(answer, environment.onExit());
        boolean settled = completesWithin(CompletableFuture.anyOf(answeredOrExited, delivery),
                INIT_LIMIT.plus(spec.timeout()));
        if (settled && !answeredOrExited.isDone()) {
            long remaining = delivery.join().deadlineMillis() - System.currentTimeMillis();
            settled = completesWithin(answeredOrExited, Duration.ofMillis(Math.max(0, remaining)));
        }
        if (answer.isDone()) {
            // Even if the process ended right after answering, the answer counts.
            return payloadOf(answer);
        }
        if (!settled) {
            throw timedOut(requestId, environment);
        }
        throw exited(requestId, environment);
    }

    private String payloadOf(CompletableFuture<HttpResponse<String>> answer) {
        HttpResponse<String> response;
        try {
            response = answer.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("The Lambda Runtime API of function " + spec.functionName()
                    + " failed during an invocation" + (isClosed() ? ": the host was closed" : ""), e.getCause());
        }
        return switch (response.statusCode()) {
            case 200, 204 -> response.body();
            case 500 -> throw new LambdaInvocationException(spec.functionName(), response.body());
            default -> throw new IllegalStateException("The Lambda Runtime API of function " + spec.functionName()
                    + " answered HTTP " + response.statusCode() + (isClosed() ? " (host closed)" : "")
                    + ": " + response.body());
        };
    }

    /** Lambda stops an invocation at its timeout by ending the whole environment. */
    private LambdaInvocationException timedOut(String requestId, RuntimeProcess environment) {
        server.discard(requestId);
        synchronized (lifecycle) {
            environment.kill();
            if (!closed) {
                startRuntime();
            }
        }
        LOG.infof("Function %s timed out after %s on request %s; its runtime process %d was replaced",
                spec.functionName(), spec.timeout(), requestId, environment.pid());
        return new LambdaInvocationException(spec.functionName(), LambdaInvocationException.platformError(
                LambdaInvocationException.TIMED_OUT, String.format(Locale.ROOT,
                        "RequestId: %s Error: Task timed out after %.2f seconds", requestId,
                        spec.timeout().toMillis() / 1000.0)));
    }

    /** The runtime process ended: an init failure it reported, or a crash. The next invocation starts a new one. */
    private RuntimeException exited(String requestId, RuntimeProcess environment) {
        if (isClosed()) {
            return new IllegalStateException("The Lambda host of function " + spec.functionName()
                    + " was closed during invocation " + requestId);
        }
        String initError = server.initError();
        return new LambdaInvocationException(spec.functionName(), initError != null && !initError.isBlank()
                ? initError
                : LambdaInvocationException.platformError(LambdaInvocationException.RUNTIME_EXITED,
                        "RequestId: " + requestId + " Error: Runtime exited with error: exit status "
                                + environment.exitValue()));
    }

    private RuntimeProcess runningRuntime() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("The Lambda host of function " + spec.functionName() + " is closed");
            }
            if (!runtime.isAlive()) {
                LOG.infof("Runtime process %d of function %s has ended (exit status %d); starting a new one",
                        runtime.pid(), spec.functionName(), runtime.exitValue());
                startRuntime();
            }
            return runtime;
        }
    }

    /** Call holding {@link #lifecycle}. */
    private void startRuntime() {
        runtime = launcher.launch(server.newRuntime());
        coldStarts++;
        LOG.debugf("Started runtime process %d of function %s", runtime.pid(), spec.functionName());
    }

    private boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    private CompletableFuture<HttpResponse<String>> post(String requestId, String eventJson) {
        HttpRequest request = HttpRequest.newBuilder(events)
                .header(RuntimeApiServer.REQUEST_ID, requestId)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(eventJson, UTF_8))
                .build();
        return http.sendAsync(request, BodyHandlers.ofString(UTF_8));
    }

    private void report(String requestId, CompletableFuture<Delivery> delivery, long postedAt,
            RuntimeProcess environment) {
        long now = System.nanoTime();
        Delivery delivered = delivery.getNow(null);
        double durationMillis = (now - (delivered == null ? postedAt : delivered.deliveredAtNanos())) / 1e6;
        Double initMillis = delivered != null && environment.firstInvocation()
                ? environment.initMillis().map(Long::doubleValue).orElse(null)
                : null;
        platformLog.end(requestId, durationMillis, initMillis, environment.pid());
    }

    private static boolean completesWithin(CompletableFuture<?> future, Duration limit) {
        try {
            future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a Lambda invocation", e);
        }
    }
}
