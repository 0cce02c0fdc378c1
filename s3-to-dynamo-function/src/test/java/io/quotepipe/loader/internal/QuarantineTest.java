package io.quotepipe.loader.internal;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QuarantineTest {

    /** Keeps what is put, by key. */
    static final class RecordingS3 implements S3Client {
        final Map<String, String> objects = new HashMap<>();
        final Map<String, String> contentTypes = new HashMap<>();
        final java.util.List<String> deleted = new java.util.ArrayList<>();

        @Override
        public DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
            deleted.add(request.key());
            return DeleteObjectResponse.builder().build();
        }

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            try (var in = body.contentStreamProvider().newStream()) {
                objects.put(request.key(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                contentTypes.put(request.key(), request.contentType());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return PutObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void writesOneJsonLinePerRejectedLine_underTheObjectsQuarantineKey() {
        RecordingS3 s3 = new RecordingS3();
        try (Quarantine q = new Quarantine("b", "quotes/dt=2026-11-21/hour=18/t-0-0000000000000000000.jsonl.gz")) {
            q.add(2, "not a quote: malformed JSON", "{\"a\":");
            q.add(5, "invalid quote: priceUsd=-1: must be greater than 0", "{\"x\":\"é\"}");
            q.upload(s3);
            assertThat(q.count()).isEqualTo(2);
            assertThat(q.firstLine()).isEqualTo(2);
        }

        String key = "quarantine/quotes/dt=2026-11-21/hour=18/t-0-0000000000000000000.jsonl.gz.errors.jsonl";
        assertThat(s3.objects).containsOnlyKeys(key);
        assertThat(s3.objects.get(key)).isEqualTo("""
                {"line":2,"reason":"not a quote: malformed JSON","input":"{\\"a\\":"}
                {"line":5,"reason":"invalid quote: priceUsd=-1: must be greater than 0","input":"{\\"x\\":\\"é\\"}"}
                """);
        assertThat(s3.contentTypes.get(key)).isEqualTo("application/x-ndjson");
    }

    @Test
    void writesNothing_andRemovesAQuarantineObjectOfAnEarlierContent_whenNoLineWasRejected() {
        RecordingS3 s3 = new RecordingS3();
        try (Quarantine q = new Quarantine("b", "quotes/k.jsonl")) {
            q.upload(s3);
        }
        assertThat(s3.objects).isEmpty();
        assertThat(s3.deleted).containsExactly("quarantine/quotes/k.jsonl.errors.jsonl");
    }

    @Test
    void cutsTheInputAt1KiBOfUtf8_neverInsideACharacter() {
        assertThat(Quarantine.cut("a".repeat(2000), 1024)).hasSize(1024);
        String euros = "€".repeat(400); // 3 bytes each
        assertThat(Quarantine.cut(euros, 1024)).isEqualTo("€".repeat(341));
        assertThat(Quarantine.cut("short", 1024)).isEqualTo("short");
    }
}
