package io.quotepipe.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.LocalCloudOptions;
import io.quotepipe.local.runner.Pipeline;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciliation on a real pipeline: clean after two polls and a poison record, and each kind of damage an
 * outside writer does afterwards (a lost item, a duplicate object, an altered candle) is named by its key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconciliationIT {

    static final Path ROOT = Path.of(System.getProperty("quotepipe.home", "..")).toAbsolutePath().normalize();

    static LocalCloud cloud;
    static Pipeline pipeline;
    static final List<String> failures = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudOptions.builder().kafkaPartitions(2).build());
        pipeline = Pipeline.start(cloud, ROOT, ROOT.resolve("chaos/target/reconciliation-it"),
                Map.of("QUOTEPIPE_CONSUMER_MAX_AGE", "1s"), new Pipeline.Listener() {
                    @Override
                    public void polled(JsonNode summary) {
                    }

                    @Override
                    public void loaded(JsonNode summaries) {
                    }

                    @Override
                    public void failed(String stage, String message) {
                        failures.add(stage + ": " + message);
                    }
                });
    }

    @AfterAll
    static void stop() {
        try (LocalCloud c = cloud; Pipeline p = pipeline) {
            // the pipeline first, then the cloud under it
        }
    }

    static Reconciliation.Sources sources() {
        return new Reconciliation.Sources(cloud.endpoints().kafkaBootstrapServers(), cloud.endpoints().kafkaTopic(),
                cloud.endpoints().deadLetterTopic(), cloud.s3Client(), cloud.endpoints().bucket(), cloud.dynamoDbClient(),
                cloud.endpoints().table(), Duration.ofSeconds(30));
    }

    /** Waits, bounded, until the pipeline has carried everything through; returns the last report. */
    static Report reconciledWhenDrained() {
        AtomicReference<Report> last = new AtomicReference<>();
        await("the pipeline to drain into a clean reconciliation").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    last.set(Reconciliation.run(sources()));
                    return last.get().ok() || !failures.isEmpty();
                });
        assertThat(failures).isEmpty();
        return last.get();
    }

    @Test
    @Order(1)
    void twoPollsAndAPoisonRecord_reconcileClean_withEveryOffsetAccountedFor() throws Exception {
        pipeline.poll(Instant.parse("2026-11-21T18:05:00Z"));
        pipeline.poll(Instant.parse("2026-11-21T18:10:00Z"));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(cloud.endpoints().kafkaTopic(), "BTC", "{\"not\":\"a quote\"")).get();
        }

        Report report = reconciledWhenDrained();

        assertThat(report.ok()).as(report.table()).isTrue();
        assertThat(report.count("records")).isEqualTo(101);
        assertThat(report.count("in-lake")).isEqualTo(100);
        assertThat(report.count("dead-lettered")).isEqualTo(1);
        assertThat(report.count("history-items")).isEqualTo(100);
        assertThat(report.count("candles")).isGreaterThanOrEqualTo(100); // 50 coins, hourly and daily
    }

    @Test
    @Order(2)
    void aDeletedHistoryItem_isReportedMissing_byItsKey() {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(DynamoKeys.historyPk("BTC")),
                "sk", AttributeValue.fromS("TS#2026-11-21T18:05:00.000Z#simulated"));
        Map<String, AttributeValue> item = cloud.dynamoDbClient().getItem(b -> b.tableName(cloud.endpoints().table()).key(key)).item();
        assertThat(item).isNotEmpty();
        cloud.dynamoDbClient().deleteItem(b -> b.tableName(cloud.endpoints().table()).key(key));
        try {
            Report report = Reconciliation.run(sources());

            assertThat(report.problems("missing-history")).isEqualTo(1);
            assertThat(report.examples().get("missing-history").get(0)).contains("COIN#BTC|TS#2026-11-21T18:05:00.000Z#simulated");
            // The candles and LATEST, recomputed from what history now holds, no longer agree with the table.
            assertThat(report.problems("mismatched-candle") + report.problems("mismatched-latest")).isPositive();
        } finally {
            cloud.dynamoDbClient().putItem(b -> b.tableName(cloud.endpoints().table()).item(item));
        }
        assertThat(Reconciliation.run(sources()).ok()).isTrue();
    }

    @Test
    @Order(3)
    void aCopyOfABatchUnderAnotherOffset_isReportedDuplicatedAndMisnamed() {
        String bucket = cloud.endpoints().bucket();
        S3Object original = cloud.s3Client().listObjectsV2(b -> b.bucket(bucket).prefix("quotes/")).contents().get(0);
        String copy = original.key().replaceFirst("-(\\d{19})\\.jsonl", "-0000000000000099999.jsonl");
        byte[] bytes = cloud.s3Client().getObjectAsBytes(b -> b.bucket(bucket).key(original.key())).asByteArray();
        try {
            // The loader loads the copy too (an outside writer's object is loaded like any other): same items again.
            cloud.s3Client().putObject(b -> b.bucket(bucket).key(copy), RequestBody.fromBytes(bytes));
            Report report = Reconciliation.run(sources());

            assertThat(report.problems("duplicated")).isPositive();
            assertThat(report.examples().get("duplicated").get(0)).contains(copy);
            assertThat(report.problems("misnamed-object")).isEqualTo(1);
        } finally {
            cloud.s3Client().deleteObject(b -> b.bucket(bucket).key(copy));
        }
    }

    @Test
    @Order(4)
    void anAlteredCandle_isReportedWithWhatHistoryGives() {
        String table = cloud.endpoints().table();
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(DynamoKeys.candlePk(DynamoKeys.Interval.DAY, "ETH")),
                "sk", AttributeValue.fromS("2026-11-21T00:00:00.000Z"));
        Map<String, AttributeValue> item = cloud.dynamoDbClient().getItem(b -> b.tableName(table).key(key)).item();
        assertThat(item).containsKey("high");
        cloud.dynamoDbClient().updateItem(b -> b.tableName(table).key(key).updateExpression("SET high = :h")
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromN("123456789"))));
        try {
            Report report = Reconciliation.run(sources());

            assertThat(report.problems("mismatched-candle")).isEqualTo(1);
            assertThat(report.examples().get("mismatched-candle").get(0)).contains("OHLC#1d#ETH|2026-11-21T00:00:00.000Z")
                    .contains("123456789");
        } finally {
            cloud.dynamoDbClient().putItem(b -> b.tableName(table).item(item));
        }
    }
}
