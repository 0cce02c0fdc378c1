package io.quotepipe.local.faults;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The proxy in front of an echo server on 127.0.0.1. */
class TcpProxyIT {

    ServerSocket echo;
    TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofPlatform().daemon().start(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = TcpProxy.to(echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        s.getOutputStream().flush();
        byte[] back = s.getInputStream().readNBytes(text.length());
        return new String(back);
    }

    @Test
    void passesBytesBothWays() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
        }
    }

    @Test
    void holdsBytesInFlight_untilReleased() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "before")).isEqualTo("before");
            proxy.hold();
            s.getOutputStream().write("held".getBytes());
            s.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.held() > 0);
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            proxy.release();

            s.setSoTimeout(5_000);
            assertThat(new String(s.getInputStream().readNBytes(4))).isEqualTo("held");
        }
    }

    @Test
    void refusesConnections_andCutsOpenOnes_untilItPassesAgain() throws IOException {
        Socket open = connect();
        proxy.refuse();
        assertThat(open.getInputStream().read()).as("cut").isEqualTo(-1);
        try (Socket refused = connect()) {
            assertThat(refused.getInputStream().read()).as("closed at once").isEqualTo(-1);
        }
        open.close();

        proxy.pass();

        try (Socket s = connect()) {
            assertThat(roundTrip(s, "again")).isEqualTo("again");
        }
    }

    @Test
    void answersEveryHttpRequestWithTheCannedResponse_withoutReachingTheServer_untilPass() throws IOException {
        String throttled = "{\"__type\":\"ThrottlingException\"}";
        proxy.answer(400, "application/x-amz-json-1.0", throttled);
        String request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello";
        try (Socket s = connect()) {
            s.getOutputStream().write(request.getBytes());
            s.getOutputStream().flush();
            String response = new String(s.getInputStream().readAllBytes());

            assertThat(response).startsWith("HTTP/1.1 400 ").contains("Content-Length: " + throttled.length())
                    .endsWith(throttled);
        }
        proxy.pass();
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello")).as("the echo server answers again").isEqualTo("hello");
        }
    }
}
