package io.quotepipe.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.consumer.testing.LocalKafkaAndS3;
import io.quotepipe.consumer.testing.Quotes;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.quarkus.LocalCloudResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.quotepipe.consumer.testing.BatchObjects.assertEveryOffsetExactlyOnce;
import static io.quotepipe.consumer.testing.BatchObjects.lines;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The service in this JVM on the local cloud's real Kafka broker, S3 emulator and SNS emulator, consuming
 * {@code crypto-quotes} (3 partitions) with {@code max-age=2s} (see the %test keys of application.properties).
 */
@QuarkusTest
@WithTestResource(LocalCloudResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsumerServiceIT {

    static final String TOPIC = "crypto-quotes";
    static final String GROUP = "quotepipe-consumer";
    static final Duration WAIT = Duration.ofSeconds(60);

    static final ObjectMapper JSON = new ObjectMapper();

    static LocalKafkaAndS3 local;
    static final Set<String> poison = new HashSet<>();
    static final List<JsonNode> alerts = new ArrayList<>();

    @BeforeAll
    static void connect() {
        local = new LocalKafkaAndS3(LocalCloud.shared());
    }

    @AfterAll
    static void disconnect() {
        local.close();
    }

    static List<JsonNode> alertsOfKind(String kind) {
        alerts.addAll(local.drainAlerts());
        return alerts.stream().filter(a -> a.path("component").asText().equals("consumer") && a.path("kind").asText().equals(kind))
                .toList();
    }

    @Test
    @Order(1)
    void isReady_withKafkaAndS3Up_andLive() {
        given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("\"kafka\""), containsString("\"s3\""), containsString("\"UP\""));
        given().get("/q/health/live").then().statusCode(200).body(containsString("consumer-loop"));
    }

    @Test
    @Order(2)
    void flushesATrickleByAge_whenNoFurtherRecordArrives_asAGzipJsonLinesObjectWithItsMetadata() {
        long first = local.send(TOPIC, 0, Quotes.value(0));
        local.send(TOPIC, 0, Quotes.value(1));
        long last = local.send(TOPIC, 0, Quotes.value(2));

        await("the age flush").atMost(WAIT).until(() -> local.caughtUp(GROUP, TOPIC, 3));

        Map<String, byte[]> objects = local.objects(TOPIC);
        String key = objects.keySet().stream().filter(k -> k.contains("/crypto-quotes-0-")).findFirst().orElseThrow();
        assertThat(key).endsWith(String.format("crypto-quotes-0-%019d.jsonl.gz", first));
        assertThat(lines(key, objects.get(key))).extracting(l -> l.kafka().offset()).containsExactly(first, first + 1, last);
        HeadObjectResponse head = local.cloud().s3Client().headObject(h -> h.bucket(local.cloud().endpoints().bucket()).key(key));
        assertThat(head.contentType()).isEqualTo("application/x-ndjson");
        assertThat(head.contentEncoding()).isEqualTo("gzip");
        assertThat(head.metadata()).containsEntry("record-count", "3")
                .containsEntry("first-offset", Long.toString(first))
                .containsEntry("last-offset", Long.toString(last));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("quotepipe_consumer_batches_written_total{reason=\"age\",topic=\"crypto-quotes\"}"));
    }

    @Test
    @Order(3)
    void sendsPoisonRecordsToTheDeadLetterTopic_withReasonAndCoordinates_countsAndAlerts_andTheBatchGoesOn() {
        local.send(TOPIC, 1, Quotes.value(10));
        poison.add("1@" + local.send(TOPIC, 1, Quotes.NOT_JSON));
        local.send(TOPIC, 1, Quotes.value(11));
        poison.add("1@" + local.send(TOPIC, 1, Quotes.NOT_QUOTE_V1));
        local.send(TOPIC, 1, Quotes.value(12));
        poison.add("1@" + local.send(TOPIC, 1, Quotes.INVALID));
        local.send(TOPIC, 1, Quotes.value(13));

        await("the batch and its dead letters").atMost(WAIT).until(() -> local.caughtUp(GROUP, TOPIC, 3));

        List<ConsumerRecord<String, String>> dead = local.readAll(TOPIC + "-dlq");
        assertThat(dead).extracting(r -> header(r, "dead-letter-partition") + "@" + header(r, "dead-letter-offset"))
                .containsExactlyInAnyOrderElementsOf(poison);
        ConsumerRecord<String, String> invalid = dead.stream().filter(r -> header(r, "dead-letter-kind").equals("invalid"))
                .findFirst().orElseThrow();
        assertThat(invalid.value()).isEqualTo(Quotes.INVALID);
        assertThat(invalid.key()).isEqualTo("BTC");
        assertThat(header(invalid, "dead-letter-topic")).isEqualTo(TOPIC);
        assertThat(header(invalid, "dead-letter-reason")).contains("priceUsd").contains("must be greater than 0");
        assertThat(header(invalid, "dead-letter-exception-class-name")).isEqualTo("io.quotepipe.core.InvalidQuoteException");
        assertThat(dead).extracting(r -> header(r, "dead-letter-kind")).containsExactlyInAnyOrder("not-json", "not-quote-v1", "invalid");
        assertEveryOffsetExactlyOnce(local.objects(TOPIC), local.expectedOffsets(TOPIC, 3, poison));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("quotepipe_consumer_dead_letters_total{kind=\"invalid\",topic=\"crypto-quotes\"} 1.0"));
        await("the dead-letter alert").atMost(WAIT).until(() -> !alertsOfKind("dead-letter").isEmpty());
        JsonNode alert = alertsOfKind("dead-letter").get(0);
        assertThat(alert.path("context").path("topic").asText()).isEqualTo(TOPIC);
        assertThat(alert.path("context").path("partition").asText()).isEqualTo("1");
    }

    @Test
    @Order(4)
    void waitsAlertsAndCommitsNothing_whileS3IsDown_thenCatchesUp_withNoLossAndNoDuplicate() {
        Map<Integer, Long> before = local.committed(GROUP, TOPIC);
        local.cloud().s3().stop();
        try {
            for (int i = 0; i < 30; i++) {
                local.send(TOPIC, i % 3, Quotes.value(100 + i));
            }
            await("an alert about S3").atMost(WAIT).until(() -> !alertsOfKind("s3-write-failed").isEmpty());
            assertThat(local.committed(GROUP, TOPIC)).as("nothing is committed that is not in S3").isEqualTo(before);
            given().get("/q/health/ready").then().statusCode(503).body(containsString("\"s3\""));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            local.cloud().s3().start();
        }

        await("the catch-up").atMost(WAIT).until(() -> local.caughtUp(GROUP, TOPIC, 3));

        assertEveryOffsetExactlyOnce(local.objects(TOPIC), local.expectedOffsets(TOPIC, 3, poison));
        await("the recovery alert").atMost(WAIT).until(() -> !alertsOfKind("s3-write-recovered").isEmpty());
        JsonNode failed = alertsOfKind("s3-write-failed").get(0);
        assertThat(failed.path("context").path("object").asText()).startsWith("s3://quotepipe-quotes/quotes/dt=");
        given().get("/q/metrics").then().statusCode(200).body(containsString("quotepipe_consumer_s3_failures_total"));
    }

    @Test
    @Order(5)
    void recordsDeadLettersLagAndAlertsInTheLake_forThePipelinePanel() throws Exception {
        S3Client s3 = local.cloud().s3Client();
        String bucket = local.cloud().endpoints().bucket();

        await("a mirror of every dead letter").atMost(WAIT).until(() -> keys(s3, bucket, "dead-letters/").size() >= poison.size());
        for (String coordinates : poison) {
            long offset = Long.parseLong(coordinates.substring(coordinates.indexOf('@') + 1));
            JsonNode mirror = JSON.readTree(s3.getObjectAsBytes(g -> g.bucket(bucket)
                    .key(String.format("dead-letters/crypto-quotes-1-%019d.json", offset))).asByteArray());
            assertThat(mirror.path("topic").asText()).isEqualTo(TOPIC);
            assertThat(mirror.path("partition").asInt()).isEqualTo(1);
            assertThat(mirror.path("offset").asLong()).isEqualTo(offset);
            assertThat(mirror.path("deadLetterTopic").asText()).isEqualTo(TOPIC + "-dlq");
            assertThat(mirror.path("kind").asText()).isIn("not-json", "not-quote-v1", "invalid");
            assertThat(mirror.path("reason").asText()).isNotBlank();
        }

        String lagKey = "status/consumer/" + GROUP + "/crypto-quotes-1.json";
        await("partition 1's lag, caught up").atMost(WAIT).untilAsserted(() -> {
            assertThat(keys(s3, bucket, "status/consumer/" + GROUP + "/")).contains(lagKey);
            assertThat(JSON.readTree(s3.getObjectAsBytes(g -> g.bucket(bucket).key(lagKey)).asByteArray()).toString())
                    .contains("\"lag\":0,");
        });
        JsonNode lag = JSON.readTree(s3.getObjectAsBytes(g -> g.bucket(bucket).key(lagKey)).asByteArray());
        assertThat(lag.path("group").asText()).isEqualTo(GROUP);
        assertThat(lag.path("topic").asText()).isEqualTo(TOPIC);
        assertThat(lag.path("partition").asInt()).isEqualTo(1);
        assertThat(lag.path("measuredAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

        List<String> recorded = keys(s3, bucket, "alerts/");
        assertThat(recorded).anySatisfy(k -> assertThat(k).matches("alerts/dt=\\d{4}-\\d{2}-\\d{2}/.*-consumer-dead-letter-[0-9a-f]{12}\\.json"));
        String key = recorded.stream().filter(k -> k.contains("-consumer-dead-letter-")).findFirst().orElseThrow();
        JsonNode alert = JSON.readTree(s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray());
        assertThat(alert.path("kind").asText()).isEqualTo("dead-letter");
        assertThat(alert.path("context").path("partition").asText()).isEqualTo("1");
    }

    private static List<String> keys(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
