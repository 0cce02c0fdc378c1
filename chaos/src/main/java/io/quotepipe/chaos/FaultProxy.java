package io.quotepipe.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * A TCP proxy on 127.0.0.1 in front of one of the local cloud's HTTP servers, through which the apps reach it: a fault
 * from outside the apps, which see only a slow, refusing or throttling network peer.
 *
 * <ul>
 *   <li>{@link #forward()}: bytes pass both ways untouched (request signatures stay valid);</li>
 *   <li>{@link #delay(Duration)}: each chunk a client sends waits that long before it goes on;</li>
 *   <li>{@link #refuse()}: every connection, open or new, is closed at once, as by a server that went away;</li>
 *   <li>{@link #answer(int, String, String)}: each request is read and answered with a canned HTTP response, e.g.
 *       DynamoDB's throttling error, without reaching the server.</li>
 * </ul>
 * A change of mode closes the open connections, so pooled keep-alive connections meet the new mode at once.
 */
final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FaultProxy.class.getName());

    private enum Mode { FORWARD, DELAY, REFUSE, ANSWER }

    private record State(Mode mode, Duration delay, byte[] answer) {
    }

    private final String name;
    private final int target;
    private final ServerSocket server;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile State state = new State(Mode.FORWARD, Duration.ZERO, null);
    private volatile boolean closed;

    private FaultProxy(String name, int target) throws IOException {
        this.name = name;
        this.target = target;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        pumps.execute(this::accept);
    }

    /** A proxy named {@code name} (for logs) in front of 127.0.0.1:{@code targetPort}, forwarding. */
    static FaultProxy start(String name, int targetPort) {
        try {
            return new FaultProxy(name, targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the " + name + " proxy on 127.0.0.1", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: what the apps are given instead of the server's endpoint. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    void forward() {
        set(new State(Mode.FORWARD, Duration.ZERO, null));
    }

    void delay(Duration delay) {
        set(new State(Mode.DELAY, delay, null));
    }

    void refuse() {
        set(new State(Mode.REFUSE, Duration.ZERO, null));
    }

    void answer(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + (status == 400 ? "Bad Request" : status == 503 ? "Service Unavailable" : "Error")
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + bytes.length
                + "\r\nx-amzn-RequestId: chaos\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        set(new State(Mode.ANSWER, Duration.ZERO, out.toByteArray()));
    }

    private void set(State next) {
        LOG.info(() -> name + " proxy: " + next.mode().name().toLowerCase(Locale.ROOT)
                + (next.mode() == Mode.DELAY ? " " + next.delay().toMillis() + " ms" : ""));
        state = next;
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warning(name + " proxy stopped accepting: " + e);
                }
                return;
            }
            State s = state;
            if (s.mode() == Mode.REFUSE) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            pumps.execute(() -> serve(client, s));
        }
    }

    private void serve(Socket client, State s) {
        try {
            if (s.mode() == Mode.ANSWER) {
                readRequest(client.getInputStream());
                client.getOutputStream().write(s.answer());
                client.getOutputStream().flush();
                return;
            }
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
            open.add(upstream);
            pumps.execute(() -> pump(upstream, client, Duration.ZERO));
            pump(client, upstream, s.delay());
        } catch (IOException e) {
            // The peer went away, or a mode change closed the connection: what a real network does.
        } finally {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to, Duration delay) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (!delay.isZero()) {
                    Thread.sleep(delay);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed by the other side or by a mode change
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Reads one HTTP request's head and its Content-Length body, so the client sees a complete exchange. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        in.skipNBytes(length);
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        open.forEach(this::closeQuietly);
        pumps.shutdownNow();
    }
}
