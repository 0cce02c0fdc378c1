package io.quotepipe.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LiveCoinWatch as the poller sees it, served on 127.0.0.1 from the responses recorded from the real API
 * ({@code poller-function/src/test/resources/providers/livecoinwatch/}): the only stand-in of the chaos run, since
 * third-party APIs cannot be reached here. Its answer can be switched to each way a provider fails.
 */
final class ProviderStub implements AutoCloseable {

    /** How the stub answers. */
    enum Answer {
        OK, TIMEOUT, TOO_MANY_REQUESTS, SERVER_ERROR, HTML, GARBAGE
    }

    private final HttpServer server;
    private final byte[] coins;
    private final byte[] tooMany;
    private final byte[] html;
    private final Random garbage;
    private final Duration hang;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Answer answer = Answer.OK;

    private ProviderStub(Path recorded, long seed, Duration hang) throws IOException {
        this.coins = Files.readAllBytes(recorded.resolve("coins-list.json"));
        this.tooMany = Files.readAllBytes(recorded.resolve("error-429.json"));
        this.html = Files.readAllBytes(recorded.resolve("bad-gateway.html"));
        this.garbage = new Random(seed);
        this.hang = hang;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "provider-stub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /**
     * Serves the recordings under {@code recorded}; {@code hang} is how long a {@link Answer#TIMEOUT} answer waits,
     * longer than the poller's read timeout.
     */
    static ProviderStub start(Path recorded, long seed, Duration hang) {
        try {
            return new ProviderStub(recorded, seed, hang);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the recorded LiveCoinWatch responses under " + recorded, e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(Answer next) {
        answer = next;
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        try (exchange) {
            switch (answer) {
                case OK -> send(exchange, 200, "application/json", coins);
                case TIMEOUT -> {
                    try {
                        Thread.sleep(hang); // the provider holds the connection; the poller's read timeout must fire
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(exchange, 200, "application/json", coins);
                }
                case TOO_MANY_REQUESTS -> {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    send(exchange, 429, "application/json", tooMany);
                }
                case SERVER_ERROR -> send(exchange, 500, "application/json", "{\"error\":{\"code\":500}}".getBytes(StandardCharsets.UTF_8));
                case HTML -> send(exchange, 502, "text/html", html);
                case GARBAGE -> {
                    byte[] noise = new byte[512];
                    synchronized (garbage) {
                        garbage.nextBytes(noise);
                    }
                    send(exchange, 200, "application/json", noise);
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
