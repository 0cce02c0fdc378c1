package io.quotepipe.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.BatchLine;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.Quote;
import io.quotepipe.core.S3BatchKey;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.Times;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.LocalCloudOptions;
import io.quotepipe.local.runner.Pipeline;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One poll travels the whole pipeline on the local cloud, with every app run as in production: the
 * poller and the loader from their function.zip inside AWS's Lambda runtime client, invoked through
 * the Lambda Runtime API; the consumer from its quarkus-app; the loader triggered by the S3
 * ObjectCreated notification of the consumer's object.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    static final Instant SCHEDULED = Instant.parse("2026-11-21T18:05:00Z"); // time of events/scheduled-event.json

    static RunningPipeline running;
    static LocalCloud cloud;
    static Pipeline pipeline;
    static final List<String> notifications = new CopyOnWriteArrayList<>();
    static final Map<String, Quote> produced = new ConcurrentHashMap<>();

    @BeforeAll
    static void startPipeline() {
        // One partition: one poll becomes exactly one batch object.
        running = RunningPipeline.start(LocalCloudOptions.builder().kafkaPartitions(1).build(), "pipeline",
                Map.of("QUOTEPIPE_CONSUMER_MAX_AGE", "1s"));
        cloud = running.cloud;
        pipeline = running.pipeline;
        // Only what the loader is sent: the deployed notification filter (prefix quotes/) and the local run's pass batch
        // objects, not the pipeline panel's records (status/, alerts/, dead-letters/).
        cloud.onObjectCreated(event -> {
            if (Pipeline.passesLoaderFilter(event)) {
                notifications.add(event);
            }
        });
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    @Order(1)
    void onePollOf50SimulatedCoins_becomes50HistoryItems_withTheExactDecimalsProduced() throws Exception {
        String event = Files.readString(RunningPipeline.ROOT.resolve("events/scheduled-event.json"));

        JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(pipeline.poller().invoke(event));

        assertThat(summary.path("published").asInt()).isEqualTo(50);
        assertThat(summary.path("provider").asText()).isEqualTo("simulated");
        produced.putAll(readTopic(50).stream().collect(Collectors.toMap(Quote::symbol, Function.identity())));
        assertThat(produced).hasSize(50);

        await("the loader to report 50 items").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> running.itemsLoaded() >= 50 || !running.failures.isEmpty());
        assertThat(running.failures).isEmpty();

        for (Quote expected : produced.values()) {
            List<Map<String, AttributeValue>> items = cloud.dynamoDbClient().query(q -> q.tableName(cloud.endpoints().table())
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(DynamoKeys.historyPk(expected.symbol())))))
                    .items();
            assertThat(items).as(expected.symbol()).hasSize(1);
            Map<String, AttributeValue> item = items.get(0);
            assertThat(item.get("sk").s()).isEqualTo("TS#" + Times.format(SCHEDULED) + "#simulated");
            assertExact(item, "priceUsd", expected.priceUsd());
            assertExact(item, "volume24hUsd", expected.volume24hUsd());
            assertExact(item, "marketCapUsd", expected.marketCapUsd());
            assertExact(item, "change1hPct", expected.change1hPct());
            assertExact(item, "change24hPct", expected.change24hPct());
            assertExact(item, "change7dPct", expected.change7dPct());
            assertThat(item.get("pollId").s()).isEqualTo("53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
        }
    }

    @Test
    @Order(2)
    void theBatchIsOneGzipObjectOf50Lines_namedAfterItsFirstOffset() throws Exception {
        List<S3Object> objects = cloud.s3Client().listObjectsV2(b -> b.bucket(cloud.endpoints().bucket()).prefix("quotes/")).contents();

        assertThat(objects).hasSize(1);
        List<BatchLine> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                cloud.s3Client().getObject(b -> b.bucket(cloud.endpoints().bucket()).key(objects.get(0).key()))), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(QuoteJson.readLine(line));
            }
        }
        assertThat(lines).hasSize(50);
        assertThat(objects.get(0).key()).isEqualTo(S3BatchKey.of(lines.get(0).kafka(), true).key())
                .endsWith("/crypto-quotes-0-0000000000000000000.jsonl.gz");
        assertThat(lines).extracting(l -> l.kafka().offset()).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 50).boxed().toList());
        assertThat(lines).allSatisfy(l -> assertThat(l.quote()).isEqualTo(produced.get(l.quote().symbol())));
    }

    @Test
    @Order(3)
    void replayingTheS3Notification_leavesTheTableAsItWas() {
        assertThat(notifications).hasSize(1);
        Map<String, Map<String, AttributeValue>> before = historyItems();

        pipeline.loader().invoke(notifications.get(0));

        assertThat(historyItems()).hasSize(50).isEqualTo(before);
    }

    /** The loader writes the items and query-service reads them, each with its own code: every field must survive both. */
    @Test
    @Order(4)
    void theQueryApi_servesEachCoinsLatestQuote_fieldForField_asThePollerProducedIt() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        for (Quote expected : produced.values()) {
            java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(pipeline.queryUrl() + "/api/coins/" + expected.symbol())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(expected.symbol()).isEqualTo(200);
            assertThat(normalised(QuoteJson.read(response.body()))).as(expected.symbol()).isEqualTo(normalised(expected));
        }
    }

    /** {@code quote} with its decimals' trailing zeros dropped, as DynamoDB's N type keeps them. */
    private static Quote normalised(Quote q) {
        return Quote.builder().schemaVersion(q.schemaVersion()).source(q.source()).symbol(q.symbol()).name(q.name())
                .rank(q.rank()).priceUsd(strip(q.priceUsd())).volume24hUsd(strip(q.volume24hUsd()))
                .marketCapUsd(strip(q.marketCapUsd())).change1hPct(strip(q.change1hPct()))
                .change24hPct(strip(q.change24hPct())).change7dPct(strip(q.change7dPct())).observedAt(q.observedAt())
                .fetchedAt(q.fetchedAt()).pollId(q.pollId()).build();
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }

    private static Map<String, Map<String, AttributeValue>> historyItems() {
        return cloud.dynamoDbClient().scanPaginator(s -> s.tableName(cloud.endpoints().table())).items().stream()
                .filter(i -> i.get("pk").s().startsWith("COIN#"))
                .collect(Collectors.toMap(i -> i.get("pk").s() + "|" + i.get("sk").s(), Function.identity()));
    }

    private static void assertExact(Map<String, AttributeValue> item, String attribute, BigDecimal expected) {
        assertThat(item.get(attribute)).as(attribute).isNotNull();
        // DynamoDB's N keeps the exact value but not trailing zeros (-3.50 is stored as -3.5).
        assertThat(new BigDecimal(item.get(attribute).n())).as(attribute).isEqualByComparingTo(expected);
    }

    /** Reads what the poller produced, from the real broker. */
    private static List<Quote> readTopic(int count) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        List<Quote> quotes = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(cloud.endpoints().kafkaTopic(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (quotes.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    Quote q = QuoteJson.read(r.value());
                    assertThat(r.key()).isEqualTo(q.symbol());
                    assertThat(new String(r.headers().lastHeader("source").value(), StandardCharsets.UTF_8)).isEqualTo("simulated");
                    quotes.add(q);
                }
            }
        }
        return quotes;
    }
}
