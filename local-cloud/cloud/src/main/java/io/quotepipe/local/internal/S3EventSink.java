package io.quotepipe.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Receives the S3 event notifications that the S3 emulator POSTs, and hands each to the registered listeners.
 *
 * <p>S3 would deliver to Lambda, SNS or SQS; locally the emulator POSTs to this sink and the listeners stand in for
 * those targets (the local runner invokes the loader Lambda). Events are handed over on one dispatcher thread, in the
 * order they arrived, each to every listener in registration order; a listener that throws is logged and does not
 * stop the others. The HTTP reply does not wait for the listeners, as S3's delivery does not wait for a Lambda.
 *
 * <p>Events that arrive while no listener is registered are held, in order, and handed to the first listener that
 * registers: in AWS the bucket's notification target exists before the first object, while locally the loader
 * registers a few seconds after the cloud is up ({@code ./quotepipe up}), and an object put in between must still
 * be loaded. At most {@value #HELD_LIMIT} are held (a test cloud whose tests never listen would otherwise grow
 * without end); past that the oldest is dropped with a warning naming it.
 */
public final class S3EventSink implements AutoCloseable {

    static final String PATH = "/s3-events";
    static final int HELD_LIMIT = 10_000;
    private static final System.Logger LOG = System.getLogger(S3EventSink.class.getName());

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ExecutorService dispatcher;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    /** Touched on the dispatcher thread only. */
    private final Queue<String> held = new ArrayDeque<>();
    private final AtomicLong received = new AtomicLong();

    private S3EventSink(HttpServer server) {
        this.server = server;
        this.httpThreads = Executors.newFixedThreadPool(2, daemon("local-cloud-s3-event-http"));
        this.dispatcher = Executors.newSingleThreadExecutor(daemon("local-cloud-s3-event-dispatcher"));
        server.setExecutor(httpThreads);
        server.createContext(PATH, this::receive);
    }

    /** Starts the sink on 127.0.0.1 and a free port. */
    public static S3EventSink start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            S3EventSink sink = new S3EventSink(server);
            server.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the local cloud's S3 event sink on 127.0.0.1", e);
        }
    }

    /** Where the S3 emulator POSTs its events. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /**
     * Registers a listener for every later event, and for the events held while no listener was registered (if it is
     * the first); closing the returned handle unregisters it.
     */
    public AutoCloseable addListener(Consumer<String> listener) {
        listeners.add(listener);
        dispatcher.execute(this::deliverHeld);
        return () -> listeners.remove(listener);
    }

    /** How many events have been received and handed over (or held) so far. */
    public long received() {
        return received.get();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String event = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            dispatcher.execute(() -> dispatch(event));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** On the dispatcher thread: behind any held events, so that order is kept. */
    private void dispatch(String event) {
        if (held.size() >= HELD_LIMIT) {
            LOG.log(System.Logger.Level.WARNING, "No S3 ObjectCreated listener registered and " + HELD_LIMIT
                    + " events held already: dropping the oldest, " + held.remove());
        }
        held.add(event);
        received.incrementAndGet();
        deliverHeld();
    }

    private void deliverHeld() {
        if (listeners.isEmpty()) {
            return;
        }
        for (String event = held.poll(); event != null; event = held.poll()) {
            for (Consumer<String> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "An S3 ObjectCreated listener failed on event " + event, e);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdownNow();
        dispatcher.shutdown();
        try {
            dispatcher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
