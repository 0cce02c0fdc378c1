package io.quotepipe.local.internal;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class RetryableHttpClientTest {

    /**
     * The first connection is closed as soon as the request's headers arrive, as a server closes a kept-alive
     * connection: the URL-connection client reports it as "Unexpected end of file from server" while opening the
     * body stream. The put must be retried on a new connection, and succeed there.
     */
    @Test
    void aPutWhoseConnectionTheServerDrops_isRetriedOnANewConnection() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             AwsClients clients = new AwsClients(URI.create("http://127.0.0.1:" + server.getLocalPort()),
                     URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:1"))) {
            Thread.ofPlatform().daemon().start(() -> serve(server, requests));
            S3Client s3 = clients.s3();

            s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("body"));

            assertThat(requests).hasSize(2).allSatisfy(r -> assertThat(r).startsWith("PUT /b/k "));
        }
    }

    /** Drops the first connection after its headers; answers the next ones (100 Continue, then 200). */
    private static void serve(ServerSocket server, List<String> requests) {
        try {
            while (requests.size() < 2) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    String headers = headers(in);
                    requests.add(headers);
                    if (requests.size() == 1) {
                        continue; // closed without an answer
                    }
                    OutputStream out = socket.getOutputStream();
                    if (headers.toLowerCase(java.util.Locale.ROOT).contains("expect: 100-continue")) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    in.readNBytes(contentLength(headers));
                    out.write("HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the test has ended and closed the server
        }
    }

    private static String headers(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            bytes.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }
}
