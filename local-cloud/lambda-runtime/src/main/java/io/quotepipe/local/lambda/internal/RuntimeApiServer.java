package io.quotepipe.local.lambda.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.quarkus.amazon.lambda.runtime.MockEventServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The Lambda Runtime API for one function, on 127.0.0.1
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Runtime API</a>).
 * <p>
 * It is the mock event server that Quarkus runs in dev and test mode, where an event POSTed to
 * {@value #EVENTS_PATH} waits until the runtime answers (200 and the response, or 500 and the error).
 * That server serves the runtime under {@code /_lambda_/2018-06-01/...}; this one adds what AWS's runtime
 * interface client needs of the real service:
 * <ul>
 * <li>the real paths, so that {@code AWS_LAMBDA_RUNTIME_API} is a plain {@code host:port} as on Lambda;</li>
 * <li>{@code 202 Accepted} for responses and errors: the client treats any other status of
 * {@code .../error} as fatal and exits;</li>
 * <li>{@code /runtime/init/error}, which the mock server would otherwise take for a new event;</li>
 * <li>the {@code Lambda-Runtime-Deadline-Ms}, {@code Lambda-Runtime-Invoked-Function-Arn} and
 * {@code Lambda-Runtime-Trace-Id} headers, behind {@code Context.getRemainingTimeInMillis()} and
 * {@code getInvokedFunctionArn()};</li>
 * <li>a listen address of 127.0.0.1 instead of every interface;</li>
 * <li>notice of deliveries, so that {@link io.quotepipe.local.lambda.LambdaHost} can time an invocation from
 * the moment the runtime takes its event, as Lambda does, and drop an event nobody waits for any more.</li>
 * </ul>
 */
public final class RuntimeApiServer extends MockEventServer {

    /** Where events are POSTed; the request waits for the function's answer. */
    public static final String EVENTS_PATH = POST_EVENT;
    /** Header carrying the invocation's request id, both on the event POST and to the runtime. */
    public static final String REQUEST_ID = "Lambda-Runtime-Aws-Request-Id";

    private static final String LOOPBACK = "127.0.0.1";
    private static final String RUNTIME = "/2018-06-01/runtime";
    private static final String DEADLINE_MS = "Lambda-Runtime-Deadline-Ms";
    private static final String FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn";
    private static final String TRACE_ID = "Lambda-Runtime-Trace-Id";
    private static final long POLL_INTERVAL_MS = 20;
    private static final Logger LOG = Logger.getLogger(RuntimeApiServer.class);

    private final String functionArn;
    private final Duration timeout;
    private final Map<String, CompletableFuture<Delivery>> deliveries = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private volatile String initError;
    private volatile boolean stopping;
    // A runtime's long poll waits here, off the Vert.x event loop.
    private final ExecutorService polls =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lambda-runtime-next-", 0).factory());

    private RuntimeApiServer(String functionArn, Duration timeout) {
        this.functionArn = Objects.requireNonNull(functionArn, "functionArn");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static RuntimeApiServer start(String functionArn, Duration timeout) {
        RuntimeApiServer server = new RuntimeApiServer(functionArn, timeout);
        server.start(0);
        return server;
    }

    /** Like {@link MockEventServer#start(int)}, but listening on 127.0.0.1 only. */
    @Override
    public void start(int port) {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        adoptVertx(vertx);
        httpServer = vertx.createHttpServer(new HttpServerOptions().setHost(LOOPBACK).setPort(port));
        router = Router.router(vertx);
        setupRoutes();
        await(httpServer.requestHandler(router).listen(), "start the Lambda Runtime API on " + LOOPBACK);
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String hostAndPort() {
        return LOOPBACK + ":" + getPort();
    }

    /** Registers an invocation before its event is posted; completes when the runtime takes the event. */
    public CompletableFuture<Delivery> expect(String requestId) {
        CompletableFuture<Delivery> delivery = new CompletableFuture<>();
        deliveries.put(requestId, delivery);
        return delivery;
    }

    /**
     * Forgets an invocation that will not be answered (timed out, runtime gone): whether still queued or
     * already taken, its waiting POST is answered 504 and a restarted runtime will not receive it.
     */
    public void discard(String requestId) {
        deliveries.remove(requestId);
        List<RoutingContext> dropped = new ArrayList<>();
        queue.removeIf(event -> requestId.equals(event.get(REQUEST_ID)) && dropped.add(event));
        RoutingContext taken = responsePending.remove(requestId);
        if (taken != null) {
            dropped.add(taken);
        }
        dropped.stream().filter(event -> !event.response().ended())
                .forEach(event -> event.response().setStatusCode(504).end());
    }

    /**
     * Forgets the previous runtime's state: a new runtime process is about to start.
     *
     * @return completes, with the time in epoch ms, when the new runtime first asks for an event: its init is over
     */
    public CompletableFuture<Long> newRuntime() {
        firstPoll = new CompletableFuture<>();
        initError = null;
        return firstPoll;
    }

    /** The error the current runtime reported from its init phase, if any. */
    public String initError() {
        return initError;
    }

    @Override
    protected void defaultHandlerSetup() {
        // setupRoutes() has mounted the mock server's routes under /_lambda_; this replaces its catch-all
        // POST (anything unknown became an event) with the real Runtime API paths.
        router.get(RUNTIME + "/invocation/next").handler(this::nextEvent);
        router.post(RUNTIME + "/invocation/:requestId/response").handler(this::accepted).handler(this::handleResponse);
        router.post(RUNTIME + "/invocation/:requestId/error").handler(this::accepted).handler(this::handleError);
        router.post(RUNTIME + "/init/error").handler(this::initError);
    }

    /**
     * The long poll for the next event. Replaces the mock server's, which runs on Vert.x worker threads that
     * {@link #close()} interrupts, and answers that with an error and a NullPointerException in the log.
     */
    @Override
    public void nextEvent(RoutingContext ctx) {
        firstPoll.complete(System.currentTimeMillis());
        AtomicBoolean gone = new AtomicBoolean();
        ctx.response().closeHandler(ignored -> gone.set(true));
        ctx.response().exceptionHandler(ignored -> gone.set(true));
        try {
            polls.execute(() -> awaitEvent(ctx, gone));
        } catch (RejectedExecutionException e) {
            ctx.response().setStatusCode(503).end();
        }
    }

    private void awaitEvent(RoutingContext next, AtomicBoolean gone) {
        try {
            RoutingContext event = null;
            while (event == null) {
                if (gone.get() || stopping) {
                    return;
                }
                event = queue.poll(POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
            }
            if (gone.get()) {
                queue.put(event);
                return;
            }
            deliver(event, next);
        } catch (InterruptedException e) {
            // Only close() interrupts, and then nobody waits for this poll.
            Thread.currentThread().interrupt();
        }
    }

    /** Hands the event to the runtime with the headers Lambda sends; its clock starts now. */
    private void deliver(RoutingContext event, RoutingContext next) {
        String requestId = event.get(REQUEST_ID);
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        responsePending.put(requestId, event);
        String contentType = event.request().getHeader("Content-Type");
        next.response()
                .putHeader(REQUEST_ID, requestId)
                .putHeader(DEADLINE_MS, Long.toString(deadline))
                .putHeader(FUNCTION_ARN, functionArn)
                .putHeader(TRACE_ID, traceId())
                .putHeader("Content-Type", contentType == null ? "application/json" : contentType);
        CompletableFuture<Delivery> delivery = deliveries.remove(requestId);
        if (delivery != null) {
            delivery.complete(new Delivery(deadline, System.nanoTime()));
        }
        Buffer body = event.getBody();
        next.response().setStatusCode(200).end(body == null ? Buffer.buffer() : body);
    }

    @Override
    public void close() throws IOException {
        stopping = true;
        polls.shutdownNow();
        try {
            if (!polls.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warnf("Runtime API polls of %s still running after close", functionArn);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }

    /** An X-Ray trace header as Lambda sends it (not sampled: nothing collects traces here). */
    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "Root=1-%08x-%012x%012x;Parent=%016x;Sampled=0",
                System.currentTimeMillis() / 1000, random.nextLong(1L << 48), random.nextLong(1L << 48),
                random.nextLong());
    }

    private void accepted(RoutingContext ctx) {
        ctx.addHeadersEndHandler(ignored -> {
            if (ctx.response().getStatusCode() == 204) {
                ctx.response().setStatusCode(202);
            }
        });
        ctx.next();
    }

    private void initError(RoutingContext ctx) {
        Buffer body = ctx.getBody();
        initError = body == null ? "" : body.toString();
        ctx.response().setStatusCode(202).end();
    }

    /** MockEventServer keeps its Vert.x instance private and starts it only in its own start(). */
    private void adoptVertx(Vertx instance) {
        try {
            Field field = MockEventServer.class.getDeclaredField("vertx");
            field.setAccessible(true);
            field.set(this, instance);
        } catch (ReflectiveOperationException e) {
            instance.close();
            throw new IllegalStateException("MockEventServer of quarkus-amazon-lambda-event-server has no field "
                    + "'vertx' any more: adapt RuntimeApiServer.start() to this Quarkus version", e);
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot " + what, e);
        }
    }
}
