package io.quotepipe.loader;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.core.Alert;
import io.quotepipe.core.CandleItem;
import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.testing.HostileQuotes.Case;
import io.quotepipe.core.testing.HostileQuotes;
import io.quotepipe.core.testing.MutableClock;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.loader.internal.HistoryWriter;
import io.quotepipe.loader.internal.RollupWriter;
import io.quotepipe.loader.rollup.Candle;
import io.quotepipe.loader.rollup.CandleKey;
import io.quotepipe.loader.rollup.Recompute;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.quarkus.LocalCloudResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loader's contracts under hostile input and contention, on the local cloud: the S3 entrance of the hostile-value
 * corpus, 64 concurrent loads of one candle, and the quarantine object following the object's current content. Each
 * test uses coins and keys of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalCloudResource.class, restrictToAnnotatedClass = true)
class LoaderContractIT {

    static final String SYMBOL = "HOS"; // the corpus's coin; no other test uses it

    @Inject
    LoaderHandler handler;
    @Inject
    ObjectLoader loader;
    @Inject
    S3Client s3;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    LoaderConfig config;
    @Inject
    Alerts alerts;
    @Inject
    Clock clock;

    static LocalCloud cloud;
    static Fixtures.Notifications notifications;

    @BeforeAll
    static void listen() {
        cloud = LocalCloud.shared();
        notifications = new Fixtures.Notifications(cloud);
    }

    @AfterAll
    static void stopListening() throws Exception {
        notifications.close();
    }

    @Test
    void sixtyFourConcurrentLoadsOfTheSameHourlyAndDailyCandles_allSucceed_andTheCandlesEqualTheRecomputation() throws Exception {
        Random random = new Random(64);
        Instant hour = Instant.parse("2026-11-21T21:00:00.000Z");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            List<Quote> quotes = new ArrayList<>();
            for (int j = 0; j < 3; j++) { // distinct times: one content per observation key (see issue #13 part 3)
                quotes.add(Fixtures.quote("CON", "coincap", hour.plusSeconds((17L * (3 * i + j)) % 3600),
                        (50 + random.nextInt(50)) + "." + random.nextInt(100)));
            }
            String key = "quotes/dt=2026-11-21/hour=21/contended-0-" + String.format("%019d", i) + ".jsonl";
            Fixtures.put(cloud, key, Fixtures.plain(Fixtures.lines(quotes)), null);
            keys.add(key);
        }
        // 64 Lambda instances at once: each load writes on its own thread (no shared write pool holding them back).
        ObjectLoader direct = new ObjectLoader(s3, new HistoryWriter(dynamo, config.dynamodb().table(), Optional.empty(),
                LoaderBeans.throttlingBackoff()), new RollupWriter(dynamo, config.dynamodb().table(), LoaderBeans.throttlingBackoff(), Optional.empty(), clock), Runnable::run,
                alerts, 1, 1000);
        CyclicBarrier start = new CyclicBarrier(keys.size());
        ExecutorService invocations = Executors.newFixedThreadPool(keys.size());
        try {
            List<Future<Optional<LoadSummary>>> loads = new ArrayList<>();
            for (String key : keys) {
                loads.add(invocations.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return direct.load(cloud.endpoints().bucket(), key, Deadline.after(clock, Duration.ofMinutes(3)));
                }));
            }
            for (Future<Optional<LoadSummary>> load : loads) {
                assertThat(load.get(4, TimeUnit.MINUTES)).isPresent();
            }
        } finally {
            invocations.shutdownNow();
        }

        Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, List.of("CON"));
        List<Quote> history = Fixtures.history(items);
        assertThat(Fixtures.candles(items)).hasSize(2).isEqualTo(Recompute.candles(history));
        assertThat(Fixtures.latest(items)).isEqualTo(Recompute.latest(history));
    }

    @Test
    void candleWriter_refusedMoreThanTenTimesByACompetingWriter_keepsGoingUntilItWins() {
        CandleKey key = CandleKey.of(Interval.HOUR, "CWR", Instant.parse("2026-11-21T21:00:00.000Z"));
        Candle competitor = Candle.of(new BigDecimal("60"), Instant.parse("2026-11-21T21:40:00.000Z"));
        Candle mine = Candle.of(new BigDecimal("50"), Instant.parse("2026-11-21T21:30:00.000Z"));
        String table = config.dynamodb().table();
        Map<String, AttributeValue> itemKey = Map.of(DynamoKeys.PK, AttributeValue.fromS(key.pk()), DynamoKeys.SK, AttributeValue.fromS(key.sk()));
        AtomicInteger interferences = new AtomicInteger(11);
        // Between the writer's read of the candle and its conditional write, another writer writes the candle (a new
        // rev), so the writer's write is refused, 11 times in a row.
        ExecutionInterceptor competing = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                boolean candleWrite = context.request() instanceof PutItemRequest p && key.pk().equals(p.item().get(DynamoKeys.PK).s());
                if (candleWrite && interferences.getAndDecrement() > 0) {
                    Map<String, AttributeValue> now = dynamo.getItem(g -> g.tableName(table).key(itemKey).consistentRead(true)).item();
                    long rev = now == null || !now.containsKey(CandleItem.REV) ? 0 : Long.parseLong(now.get(CandleItem.REV).n());
                    Map<String, AttributeValue> item = new java.util.HashMap<>(RollupWriter.item(key, competitor).toItem());
                    item.put(CandleItem.REV, AttributeValue.fromN(Long.toString(rev + 1)));
                    dynamo.putItem(p -> p.tableName(table).item(item));
                }
            }
        };
        try (DynamoDbClient refused = HandBuilt.dynamo(cloud, competing)) {
            RollupWriter writer = new RollupWriter(refused, table, LoaderBeans.throttlingBackoff(), Optional.empty(), clock);

            boolean changed = writer.writeCandle(key, mine, "k", Deadline.after(clock, Duration.ofMinutes(2)));

            assertThat(changed).isTrue();
            assertThat(interferences.get()).as("every interference happened").isNegative();
        }
        Map<String, AttributeValue> stored = dynamo.getItem(g -> g.tableName(table).key(itemKey).consistentRead(true)).item();
        assertThat(RollupWriter.stored(stored)).isEqualTo(mine.merge(competitor));
    }

    @Test
    void foldedAlertCounts_surviveTheContainerThatHeldThemBeingRecycled() {
        MutableClock time = new MutableClock(Instant.parse("2026-11-21T18:05:00.000Z"));
        List<Alert> sent = new CopyOnWriteArrayList<>();
        String kind = "fold-test-" + System.nanoTime(); // a kind of its own in the shared table
        Alerts first = LoaderBeans.alerts(sent::add, time, Duration.ofMinutes(5), dynamo, config.dynamodb().table());
        first.raise("loader", kind, "a", Map.of("key", "k1"));
        time.set(Instant.parse("2026-11-21T18:06:00.000Z"));
        first.raise("loader", kind, "b", Map.of("key", "k2"));
        first.raise("loader", kind, "c", Map.of("key", "k3"));

        // The container is recycled: whatever it held in memory is gone. A new one flushes after the window.
        Alerts second = LoaderBeans.alerts(sent::add, time, Duration.ofMinutes(5), dynamo, config.dynamodb().table());
        time.set(Instant.parse("2026-11-21T18:10:00.000Z"));
        second.flush();
        second.flush();

        assertThat(sent).extracting(Alert::message).containsExactly("a", "c");
        assertThat(sent.get(1).folded()).as("c stands for b and itself").isEqualTo(1);
        assertThat(sent.get(1).context()).containsEntry("key", "k3");
        assertThat(sent.get(1).kind()).isEqualTo(kind);
    }

    @Test
    void objectRewrittenWithoutBadLines_hasItsOldQuarantineObjectRemoved() {
        Instant t = Instant.parse("2026-11-21T22:05:00.000Z");
        String key = "quotes/dt=2026-11-21/hour=22/rewritten-0-0000000000000000000.jsonl";
        String quarantineKey = "quarantine/" + key + ".errors.jsonl";
        Quote good = Fixtures.quote("RWQ", "coincap", t, "4.25");
        Fixtures.put(cloud, key, Fixtures.plain(List.of(Fixtures.line(good, 0), "not json")), null);
        handler.handleRequest(Fixtures.parse(notifications.eventFor(key)), null);
        assertThat(Fixtures.get(cloud, quarantineKey)).contains("\"line\":2");

        Fixtures.put(cloud, key, Fixtures.plain(List.of(Fixtures.line(good, 0), Fixtures.line(good.toBuilder()
                .observedAt(t.plusSeconds(60)).build(), 1))), null);
        LoadSummary reloaded = handler.handleRequest(Fixtures.parse(notifications.eventFor(key)), null).get(0);

        assertThat(reloaded.quarantined()).isZero();
        assertThat(reloaded.items()).isEqualTo(2);
        assertThat(cloud.s3Client().listObjectsV2(l -> l.bucket(cloud.endpoints().bucket()).prefix(quarantineKey)).contents())
                .as("the quarantine object describes the object's current content, which has no bad line").isEmpty();
    }

    @Test
    void objectWithEveryHostileValueInterleaved_quarantinesEachWithItsReason_alerts_andLoadsEveryGoodQuote() throws Exception {
        List<Case> corpus = HostileQuotes.all();
        ByteArrayOutputStream object = new ByteArrayOutputStream();
        Map<Long, Case> hostileByLine = new HashMap<>();
        List<Quote> good = new ArrayList<>();
        long line = 0;
        Instant t = Instant.parse("2026-11-21T18:30:00.000Z");
        for (int i = 0; i < corpus.size(); i++) {
            Quote around = Fixtures.quote(SYMBOL, "coincap", t.plus(Duration.ofMinutes(7L * i)), (100 + i % 13) + "." + i);
            good.add(around);
            object.writeBytes((Fixtures.line(around, line++) + "\n").getBytes(StandardCharsets.UTF_8));
            Case c = corpus.get(i);
            object.writeBytes(c.line(new KafkaCoordinates("crypto-quotes", 0, line++, t)));
            object.write('\n');
            if (c.valid()) {
                good.add(QuoteJson.read(c.value()));
            } else {
                hostileByLine.put(line, c);
            }
        }
        String key = "quotes/dt=2026-11-21/hour=18/hostile-0-0000000000000000000.jsonl";
        Fixtures.put(cloud, key, object.toByteArray(), null);

        LoadSummary summary = handler.handleRequest(Fixtures.parse(notifications.eventFor(key)), null).get(0);

        assertThat(summary.lines()).isEqualTo(line);
        assertThat(summary.quarantined()).isEqualTo(hostileByLine.size());
        assertThat(summary.items()).isEqualTo(good.size());

        List<JsonNode> quarantined = Fixtures.get(cloud, "quarantine/" + key + ".errors.jsonl").lines()
                .map(LoaderContractIT::json).toList();
        assertThat(quarantined).extracting(q -> q.path("line").asLong())
                .containsExactlyInAnyOrderElementsOf(hostileByLine.keySet());
        for (JsonNode entry : quarantined) {
            Case c = hostileByLine.get(entry.path("line").asLong());
            assertThat(entry.path("reason").asText()).as(c.name()).containsPattern(c.reason());
            assertThat(entry.path("input").asText().getBytes(StandardCharsets.UTF_8).length).as(c.name()).isLessThanOrEqualTo(1024);
        }

        JsonNode alert = alertAbout(key);
        assertThat(alert.path("kind").asText()).isEqualTo("lines-quarantined");
        assertThat(alert.path("context").path("quarantined").asText()).isEqualTo(Integer.toString(hostileByLine.size()));

        Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, List.of(SYMBOL));
        List<Quote> history = Fixtures.history(items);
        assertThat(history).containsExactlyInAnyOrderElementsOf(good.stream().map(Fixtures::comparable).toList());
        assertThat(Fixtures.candles(items)).isEqualTo(Recompute.candles(history));
        assertThat(Fixtures.latest(items)).isEqualTo(Recompute.latest(history));
        assertThat(history).anySatisfy(q -> assertThat(q.priceUsd()).isEqualByComparingTo(new BigDecimal("1E-130")));
    }

    private static JsonNode json(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("quarantine entry is not JSON: " + text, e);
        }
    }

    /** The alert on the SNS topic (read from the SQS queue subscribed to it) whose context names {@code key}. */
    private static JsonNode alertAbout(String key) {
        String queue = cloud.endpoints().alertsQueueUrl();
        List<JsonNode> found = new ArrayList<>();
        await("an alert about " + key).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (Message m : cloud.sqsClient().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                JsonNode alert = Fixtures.JSON.readTree(Fixtures.JSON.readTree(m.body()).path("Message").asText());
                if (key.equals(alert.path("context").path("key").asText())) {
                    found.add(alert);
                    cloud.sqsClient().deleteMessage(d -> d.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }
}
