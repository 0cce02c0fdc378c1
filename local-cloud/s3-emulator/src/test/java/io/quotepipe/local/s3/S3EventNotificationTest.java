package io.quotepipe.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class S3EventNotificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void encodesKeyAsS3Does_spaceAsPlus_equalsEscaped_slashKept() {
        assertThat(S3EventNotification.encodeKey("quotes/dt=2026-11-21/hour=18/a b+c.jsonl.gz"))
                .isEqualTo("quotes/dt%3D2026-11-21/hour%3D18/a+b%2Bc.jsonl.gz");
    }

    @Test
    void writesTheRecordShapeS3SendsToLambda() throws Exception {
        var event = new S3EventNotification("us-east-1", Instant.parse("2026-11-21T18:05:00.412Z"),
                "ObjectCreated:Put", "quotepipe-quotes", "quotes/dt=2026-11-21/x y.jsonl.gz", 1234L,
                "d41d8cd98f00b204e9800998ecf8427e", "000643E4B3C0A1F0");

        JsonNode record = JSON.readTree(event.toJson()).path("Records").path(0);

        assertThat(record.path("eventVersion").asText()).isEqualTo("2.1");
        assertThat(record.path("eventSource").asText()).isEqualTo("aws:s3");
        assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(record.path("eventTime").asText()).isEqualTo("2026-11-21T18:05:00.412Z");
        assertThat(record.path("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(record.path("s3").path("s3SchemaVersion").asText()).isEqualTo("1.0");
        assertThat(record.path("s3").path("bucket").path("name").asText()).isEqualTo("quotepipe-quotes");
        assertThat(record.path("s3").path("bucket").path("arn").asText()).isEqualTo("arn:aws:s3:::quotepipe-quotes");
        JsonNode object = record.path("s3").path("object");
        assertThat(object.path("key").asText()).isEqualTo("quotes/dt%3D2026-11-21/x+y.jsonl.gz");
        assertThat(object.path("size").asLong()).isEqualTo(1234L);
        assertThat(object.path("eTag").asText()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(object.path("sequencer").asText()).isEqualTo("000643E4B3C0A1F0");
    }

    @Test
    void escapesJsonInBucketAndKeyText() throws Exception {
        var event = new S3EventNotification("us-east-1", Instant.EPOCH, "ObjectCreated:Put", "b",
                "quote\"back\\slash\ttab", 0L, "e", "0000000000000001");

        JsonNode object = JSON.readTree(event.toJson()).path("Records").path(0).path("s3").path("object");

        assertThat(object.path("key").asText()).isEqualTo(S3EventNotification.encodeKey("quote\"back\\slash\ttab"));
    }
}
