package io.quotepipe.poller.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The providers' APIs on 127.0.0.1, answering recorded shapes from {@code src/test/resources/providers/}
 * (no internet here). Each path answers a scripted sequence (the last answer repeats) or a function of
 * the request, and every request is recorded for assertions. In bodies, {@code ${x-api-key}} is
 * replaced by the request's key header, as an API that echoes the key in its error would do.
 */
public final class ProviderStub implements AutoCloseable {

    /**
     * A request as the stub received it.
     *
     * @param method  HTTP method
     * @param path    path without the query
     * @param query   raw query, or null
     * @param headers lower-case names
     * @param body    the body as text
     */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        /** A query parameter's (URL-decoded) value, or null. */
        public String param(String name) {
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    /**
     * An answer.
     *
     * @param status  HTTP status
     * @param headers response headers
     * @param body    body bytes
     * @param delay   wait before the headers are sent (a slow provider)
     */
    public record Answer(int status, Map<String, String> headers, byte[] body, Duration delay) {

        /** A recorded JSON body from {@code providers/<resource>}. */
        public static Answer json(int status, String resource) {
            return new Answer(status, Map.of("Content-Type", "application/json; charset=utf-8"), resource(resource), Duration.ZERO);
        }

        public static Answer json(String resource) {
            return json(200, resource);
        }

        public static Answer html(int status, String resource) {
            return new Answer(status, Map.of("Content-Type", "text/html"), resource(resource), Duration.ZERO);
        }

        public static Answer text(int status, String contentType, String body) {
            return new Answer(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        }

        public Answer header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body, delay);
        }

        public Answer delayed(Duration by) {
            return new Answer(status, headers, body, by);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private ProviderStub(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static ProviderStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ProviderStub stub = new ProviderStub(server);
            server.createContext("/", stub::handle);
            server.setExecutor(stub.executor);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the provider stub on 127.0.0.1", e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** {@code path} answers {@code answers} in turn; the last one repeats. */
    public ProviderStub on(String path, Answer... answers) {
        List<Answer> script = List.of(answers);
        int[] next = {0};
        routes.put(path, request -> {
            synchronized (next) {
                Answer a = script.get(Math.min(next[0], script.size() - 1));
                next[0]++;
                return a;
            }
        });
        return this;
    }

    /** {@code path} answers what {@code answer} makes of each request. */
    public ProviderStub on(String path, Function<Request, Answer> answer) {
        routes.put(path, answer);
        return this;
    }

    /** Forgets the recorded requests; routes stay. */
    public void clearRequests() {
        requests.clear();
    }

    /** Forgets routes and recorded requests. */
    public void reset() {
        routes.clear();
        requests.clear();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            requests.add(request);
            Function<Request, Answer> route = routes.get(request.path());
            Answer answer = route == null
                    ? Answer.text(404, "application/json", "{\"error\":\"no stub for " + request.path() + "\"}")
                    : route.apply(request);
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay()); // the provider being slow, not a test waiting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] bytes = withKey(answer.body(), request);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // the client gave up (a read timeout in the test): nothing to answer
        }
    }

    private static byte[] withKey(byte[] body, Request request) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.contains("${x-api-key}")) {
            return body;
        }
        String key = Objects.requireNonNullElse(request.header("x-api-key"), "");
        return text.replace("${x-api-key}", key).getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes of {@code src/test/resources/providers/<name>}. */
    public static byte[] resource(String name) {
        try (InputStream in = ProviderStub.class.getResourceAsStream("/providers/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture providers/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The URL of a port where nothing listens: connections are refused. */
    public static URI closedPort() {
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
