package io.quotepipe.local.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of one server, for faults injected from outside the process under test: point a
 * client at {@link #port()} instead of the server's port, then
 * <ul>
 *   <li>{@link #hold()}: bytes stop moving in both directions (a request already sent waits, half-way if it was
 *   half-way) until {@link #release()}; connections stay open, as behind a stalled network path;</li>
 *   <li>{@link #refuse()}: new connections are closed at once and open ones are cut, as with a server that is down,
 *   until {@link #pass()};</li>
 *   <li>{@link #delay(Duration)}: every chunk of bytes waits that long before it is forwarded;</li>
 *   <li>{@link #answer(int, String, String)}: every HTTP request is read and answered with one canned response (a
 *   throttling error, say) without reaching the server; open connections are cut so pooled ones meet it too.</li>
 * </ul>
 * {@link #held()} counts the chunks waiting at the moment, so a test can wait until a request is caught before it
 * goes on. Listens and connects on the loopback interface only.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int CHUNK = 16 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private boolean holding;
    private volatile boolean refusing;
    private volatile Duration delay = Duration.ZERO;
    private volatile byte[] answer;
    private volatile boolean closed;

    private TcpProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("tcp-proxy-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** A proxy on a free port of 127.0.0.1 that forwards to 127.0.0.1:{@code targetPort}; it passes bytes at first. */
    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1 for a proxy to port " + targetPort, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Bytes stop moving until {@link #release()}. */
    public void hold() {
        synchronized (gate) {
            holding = true;
        }
    }

    /** Bytes held move on, and new ones pass. */
    public void release() {
        synchronized (gate) {
            holding = false;
            gate.notifyAll();
        }
    }

    /** New connections are closed at once, open ones cut, until {@link #pass()}. */
    public void refuse() {
        refusing = true;
        sockets.forEach(TcpProxy::closeQuietly);
    }

    /** Back to passing everything at once: no refusal, no answer, no hold, no delay. */
    public void pass() {
        refusing = false;
        answer = null;
        delay = Duration.ZERO;
        release();
    }

    /**
     * Every HTTP request (head and {@code Content-Length} body) is answered with {@code status}, {@code contentType}
     * and {@code body}, then its connection closed, until {@link #pass()}. Open connections are cut.
     */
    public void answer(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " Fault\r\nContent-Type: " + contentType + "\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] response = Arrays.copyOf(head.getBytes(StandardCharsets.US_ASCII), head.length() + bytes.length);
        System.arraycopy(bytes, 0, response, head.length(), bytes.length);
        answer = response;
        sockets.forEach(TcpProxy::closeQuietly);
    }

    /** Every chunk of bytes waits {@code delay} before it is forwarded. */
    public void delay(Duration delay) {
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    /** Chunks of bytes being held right now. */
    public int held() {
        return held.get();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            byte[] canned = answer;
            if (canned != null) {
                sockets.add(client);
                Thread.ofPlatform().daemon().name("tcp-proxy-answer").start(() -> answer(client, canned));
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 10_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            sockets.add(client);
            sockets.add(upstream);
            Thread.ofPlatform().daemon().name("tcp-proxy-up").start(() -> pump(client, upstream));
            Thread.ofPlatform().daemon().name("tcp-proxy-down").start(() -> pump(upstream, client));
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                waitWhileHeld();
                Duration wait = delay;
                if (!wait.isZero()) {
                    Thread.sleep(wait.toMillis()); // the injected delay itself
                }
                if (refusing) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the other side closed, or the proxy did: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void answer(Socket client, byte[] canned) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            readRequest(in);
            out.write(canned);
            out.flush();
        } catch (IOException e) {
            // the client went away
        } finally {
            sockets.remove(client);
        }
    }

    /** Reads one HTTP/1.1 request: its head up to the blank line, then {@code Content-Length} bytes of body. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                in.skipNBytes(Long.parseLong(line.substring(15).trim()));
            }
        }
    }

    private void waitWhileHeld() throws InterruptedException {
        synchronized (gate) {
            if (!holding) {
                return;
            }
            held.incrementAndGet();
            try {
                while (holding && !closed) {
                    gate.wait();
                }
            } finally {
                held.decrementAndGet();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        release();
        sockets.forEach(TcpProxy::closeQuietly);
    }

    @Override
    public String toString() {
        return "TcpProxy 127.0.0.1:" + port() + " -> " + target.getPort();
    }
}
