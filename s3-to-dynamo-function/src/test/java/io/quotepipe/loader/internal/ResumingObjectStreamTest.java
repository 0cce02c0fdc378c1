package io.quotepipe.loader.internal;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResumingObjectStreamTest {

    static final byte[] OBJECT = new byte[100_000];

    static {
        for (int i = 0; i < OBJECT.length; i++) {
            OBJECT[i] = (byte) (i * 31);
        }
    }

    /** Serves OBJECT (or a range of it); each response breaks after {@code breakAfter} bytes, {@code breaks} times in all. */
    static final class BreakingS3 implements S3Client {
        final List<GetObjectRequest> requests = new ArrayList<>();
        final int breakAfter;
        int breaks;

        BreakingS3(int breakAfter, int breaks) {
            this.breakAfter = breakAfter;
            this.breaks = breaks;
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
            requests.add(request);
            int from = request.range() == null ? 0 : Integer.parseInt(request.range().replaceAll("bytes=(\\d+)-", "$1"));
            boolean breaking = breaks-- > 0;
            InputStream body = new ByteArrayInputStream(OBJECT, from, OBJECT.length - from) {
                int served;

                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    if (breaking && served >= breakAfter) {
                        throw new java.io.UncheckedIOException(new IOException("Premature EOF"));
                    }
                    int n = super.read(b, off, Math.min(len, breaking ? breakAfter - served : len));
                    served += Math.max(n, 0);
                    return n;
                }
            };
            InputStream throwing = new InputStream() {
                public int read() {
                    throw new UnsupportedOperationException();
                }

                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return body.read(b, off, len);
                    } catch (java.io.UncheckedIOException e) {
                        throw e.getCause();
                    }
                }
            };
            return new ResponseInputStream<>(GetObjectResponse.builder().eTag("\"e1\"").contentLength((long) OBJECT.length).build(),
                    AbortableInputStream.create(throwing));
        }

        public String serviceName() {
            return "s3";
        }

        public void close() {
        }
    }

    @Test
    void goesOnFromTheByteReached_withARangedGetOfTheSameVersion_whenTheConnectionBreaks() throws IOException {
        BreakingS3 s3 = new BreakingS3(30_000, 2);

        byte[] read;
        try (ResumingObjectStream in = ResumingObjectStream.open(s3, "b", "quotes/k.jsonl.gz")) {
            read = in.readAllBytes();
            assertThat(in.resumes()).isEqualTo(2);
        }

        assertThat(Arrays.equals(read, OBJECT)).isTrue();
        assertThat(s3.requests).extracting(GetObjectRequest::range).containsExactly(null, "bytes=30000-", "bytes=60000-");
        assertThat(s3.requests.get(1).ifMatch()).isEqualTo("\"e1\"");
    }

    @Test
    void givesUp_afterTenBrokenConnections() {
        BreakingS3 s3 = new BreakingS3(1_000, 1_000);

        assertThatThrownBy(() -> {
            try (ResumingObjectStream in = ResumingObjectStream.open(s3, "b", "k")) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessage("Premature EOF");
        assertThat(s3.requests).hasSize(11);
    }
}
