package io.quotepipe.loader;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.core.Quote;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.core.QuoteItems;
import io.quotepipe.core.QuoteVersion;
import io.quotepipe.loader.rollup.Recompute;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.quarkus.LocalCloudResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.quotepipe.loader.Fixtures.gzip;
import static io.quotepipe.loader.Fixtures.line;
import static io.quotepipe.loader.Fixtures.lines;
import static io.quotepipe.loader.Fixtures.plain;
import static io.quotepipe.loader.Fixtures.put;
import static io.quotepipe.loader.Fixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loader app on the local cloud (dynalite as DynamoDB, the S3 emulator and its ObjectCreated notifications, SNS to
 * SQS). Each test uses coins of its own, so they share the table.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalCloudResource.class, restrictToAnnotatedClass = true)
class LoaderIT {

    static final Instant T0 = Instant.parse("2026-11-21T18:00:00.000Z");

    @Inject
    LoaderHandler handler;
    @Inject
    ObjectLoader loader;
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

    List<LoadSummary> invoke(String event) {
        return handler.handleRequest(Fixtures.parse(event), null);
    }

    @Test
    void loadingAnObjectTwice_leavesTheTableIdentical() {
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            quotes.add(quote(i % 2 == 0 ? "TWA" : "TWB", i % 3 == 0 ? "coincap" : "livecoinwatch",
                    T0.plus(Duration.ofMinutes(17L * i)), Integer.toString(100 + (i * 37) % 23)));
        }
        List<String> lines = new ArrayList<>(lines(quotes));
        lines.add(7, "not json");
        String key = "quotes/dt=2026-11-21/hour=18/twice-0-0000000000000000000.jsonl.gz";
        put(cloud, key, gzip(lines), null);
        String event = notifications.eventFor(key);

        LoadSummary first = invoke(event).get(0);
        Map<String, Map<String, AttributeValue>> once = Fixtures.items(cloud, List.of("TWA", "TWB"));
        String quarantine = Fixtures.get(cloud, "quarantine/" + key + ".errors.jsonl");
        LoadSummary second = invoke(event).get(0);

        assertThat(Fixtures.items(cloud, List.of("TWA", "TWB"))).isEqualTo(once);
        assertThat(Fixtures.get(cloud, "quarantine/" + key + ".errors.jsonl")).isEqualTo(quarantine);
        assertThat(once.keySet()).filteredOn(k -> k.startsWith("COIN#")).hasSize(60);
        assertThat(first.items()).isEqualTo(60);
        assertThat(first.latest()).isEqualTo(2);
        assertThat(second.items()).isEqualTo(60);
        assertThat(second.candles()).as("a replay changes no candle").isZero();
        assertThat(second.latest()).as("a replay changes no latest").isZero();
    }

    @Test
    void batchesLoadedInReverseTimeOrder_giveLatestAndCandlesEqualToARecomputationFromHistory() {
        Random random = new Random(11);
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < 180; i++) { // every 10 minutes for 30 hours, across midnight
            Instant at = T0.plus(Duration.ofMinutes(10L * i));
            for (String symbol : List.of("RVA", "RVB")) {
                quotes.add(quote(symbol, "coincap", at, (90 + random.nextInt(20)) + "." + random.nextInt(100)));
                if (i % 7 == 0) { // a second source at the same time
                    quotes.add(quote(symbol, "livecoinwatch", at, (90 + random.nextInt(20)) + ".5"));
                }
            }
        }
        List<String> keys = new ArrayList<>();
        for (int part = 0; part < 6; part++) {
            String key = "quotes/dt=2026-11-21/hour=18/reverse-0-000000000000000000" + part + ".jsonl.gz";
            int from = quotes.size() * part / 6;
            int to = quotes.size() * (part + 1) / 6;
            put(cloud, key, gzip(lines(quotes.subList(from, to))), null);
            keys.add(key);
        }
        Collections.reverse(keys);

        for (String key : keys) {
            invoke(notifications.eventFor(key));
        }

        Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, List.of("RVA", "RVB"));
        List<Quote> history = Fixtures.history(items);
        assertThat(history).hasSize(quotes.size());
        assertThat(Fixtures.candles(items)).hasSize(2 * (30 + 2)).isEqualTo(Recompute.candles(history));
        assertThat(Fixtures.latest(items)).hasSize(2).isEqualTo(Recompute.latest(history));
        assertThat(Fixtures.latest(items).get("RVA").observedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1790)));
    }

    /**
     * Issue #13 part 3: two objects hold the same history keys with different content: a later fetch of the same
     * observation (Finnhub keeps {@code t}), a greater pollId at the same fetch, and the same fetch and poll with other
     * numbers (a hand-made object). Whichever object is loaded first, history, LATEST and the candles hold the version
     * {@link QuoteVersion} prefers, and nothing of the losing content.
     */
    @Test
    void sameKeyWithDifferentContent_historyLatestAndCandlesHoldTheWinningVersion_inBothOrders() {
        for (String symbol : List.of("VKA", "VKB")) {
            List<Quote> first = new ArrayList<>();
            List<Quote> second = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Quote q = quote(symbol, "finnhub", Instant.parse("2026-11-22T10:00:00.000Z").plus(Duration.ofMinutes(7L * i)),
                        Integer.toString(100 + 5 * i));
                first.add(q);
                second.add(switch (i % 3) {
                    case 0 -> q.toBuilder().fetchedAt(q.fetchedAt().plusSeconds(300)).pollId("poll-later").priceUsd(new BigDecimal("50")).build();
                    case 1 -> q.toBuilder().pollId(q.pollId() + "-z").priceUsd(new BigDecimal("150")).build();
                    default -> q.toBuilder().priceUsd(new BigDecimal("1")).volume24hUsd(new BigDecimal("99")).build();
                });
            }
            String keyFirst = "quotes/dt=2026-11-22/hour=10/version-" + symbol + "-0-0000000000000000000.jsonl.gz";
            String keySecond = "quotes/dt=2026-11-22/hour=10/version-" + symbol + "-1-0000000000000000000.jsonl.gz";
            put(cloud, keyFirst, gzip(lines(first)), null);
            put(cloud, keySecond, gzip(lines(second)), null);
            for (String key : symbol.equals("VKA") ? List.of(keyFirst, keySecond) : List.of(keySecond, keyFirst)) {
                invoke(notifications.eventFor(key));
            }
            List<Quote> winners = new ArrayList<>();
            for (int i = 0; i < first.size(); i++) {
                winners.add(QuoteVersion.winner(first.get(i), second.get(i)));
            }

            Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, List.of(symbol));
            assertThat(items.entrySet().stream().filter(e -> e.getKey().startsWith("COIN#")).map(e -> QuoteItems.quote(e.getValue())))
                    .as(symbol + ": history").containsExactlyElementsOf(winners);
            assertThat(items.entrySet().stream().filter(e -> e.getKey().startsWith("COIN#")).map(e -> e.getValue().get(QuoteItems.VERSION).s()))
                    .as(symbol + ": history versions").containsExactlyElementsOf(winners.stream().map(QuoteVersion::of).toList());
            assertThat(QuoteItems.quote(items.get("LATEST|COIN#" + symbol))).as(symbol + ": LATEST").isEqualTo(winners.getLast());
            assertThat(Fixtures.candles(items)).as(symbol + ": candles")
                    .isEqualTo(Recompute.candles(winners.stream().map(Fixtures::comparable).toList()));
        }
    }

    /**
     * Issue #13 part 3 under concurrency: objects holding one to three contents of the same keys, loaded by four
     * invocations at once in a random order, half of them twice. History holds each key's winning version, and the
     * candles and LATEST equal a recomputation from the winners.
     */
    @Test
    void conflictingContentsLoadedConcurrentlyAndReplayed_historyHoldsEachKeysWinner_andRollupsEqualARecomputation() throws Exception {
        for (int seed = 1; seed <= 2; seed++) {
            Random random = new Random(100 + seed);
            List<String> symbols = List.of("VC" + seed + "A", "VC" + seed + "B");
            Map<String, Quote> winners = new TreeMap<>();
            List<Quote> arrivals = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Quote q = quote(symbols.get(i % 2), random.nextBoolean() ? "coincap" : "finnhub",
                        T0.plus(Duration.ofMinutes(25L * (i / 2))), Integer.toString(10 + random.nextInt(90)));
                for (int v = 1 + random.nextInt(3); v > 0; v--) {
                    Quote version = q.toBuilder().fetchedAt(q.fetchedAt().plusMillis(random.nextInt(2)))
                            .pollId(random.nextBoolean() ? "poll-p" : "poll-q")
                            .priceUsd(new BigDecimal(Integer.toString(10 + random.nextInt(90)))).build();
                    arrivals.add(version);
                    winners.merge(version.symbol() + "|" + version.observedAt() + "|" + version.source(), version, QuoteVersion::winner);
                }
            }
            Collections.shuffle(arrivals, random);
            loadConcurrentlyWithReplays(arrivals, "versions" + seed, 25, random);

            Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, symbols);
            Map<String, String> historyVersions = new TreeMap<>();
            items.forEach((k, item) -> {
                if (k.startsWith("COIN#")) {
                    Quote q = QuoteItems.quote(item);
                    historyVersions.put(q.symbol() + "|" + q.observedAt() + "|" + q.source(), item.get(QuoteItems.VERSION).s());
                }
            });
            Map<String, String> winnerVersions = new TreeMap<>();
            winners.forEach((k, q) -> winnerVersions.put(k, QuoteVersion.of(q)));
            List<Quote> comparableWinners = winners.values().stream().map(Fixtures::comparable).toList();
            assertThat(historyVersions).as("seed " + seed + ": history").isEqualTo(winnerVersions);
            assertThat(Fixtures.candles(items)).as("seed " + seed + ": candles").isEqualTo(Recompute.candles(comparableWinners));
            assertThat(Fixtures.latest(items)).as("seed " + seed + ": LATEST").isEqualTo(Recompute.latest(comparableWinners));
        }
    }

    @Test
    void mixedObject_loadsTheGoodLines_quarantinesExactlyTheBadOnes_andRaisesOneAlert() throws Exception {
        Instant t = Instant.parse("2026-11-21T19:05:00.000Z");
        Quote good = quote("MIX", "coincap", t, "5.25");
        String noKafka = line(good.toBuilder().observedAt(t.plusSeconds(60)).build(), 1).replaceFirst(",\"kafka\":\\{[^}]*}", "");
        List<String> lines = List.of(
                line(good, 0),
                "{\"schemaVersion\":1,\"source\":\"coincap\",\"symbol\":\"MIX\",",
                line(good.toBuilder().priceUsd(new java.math.BigDecimal("-1")).observedAt(t.plusSeconds(120)).build(), 2),
                "",
                "[1,2,3]",
                noKafka,
                line(good.toBuilder().observedAt(t.plusSeconds(180)).priceUsd(new java.math.BigDecimal("5.5")).build(), 3),
                "x".repeat(1500));
        String key = "quotes/dt=2026-11-21/hour=19/mixed-0-0000000000000000000.jsonl";
        put(cloud, key, plain(lines), null);

        LoadSummary summary = invoke(notifications.eventFor(key)).get(0);

        assertThat(summary).isEqualTo(new LoadSummary(cloud.endpoints().bucket(), key, 8, 2, 5, 2, 1, summary.durationMs()));
        assertThat(Fixtures.get(cloud, "quarantine/" + key + ".errors.jsonl")).isEqualTo("""
                {"line":2,"reason":"not a quote: malformed JSON (Unexpected end-of-input within/between Object entries)","input":"{\\"schemaVersion\\":1,\\"source\\":\\"coincap\\",\\"symbol\\":\\"MIX\\","}
                {"line":3,"reason":"invalid quote: priceUsd=-1: must be greater than 0","input":%s}
                {"line":5,"reason":"not a quote: the input is not a JSON object","input":"[1,2,3]"}
                {"line":6,"reason":"invalid quote: kafka: is required on a batch line","input":%s}
                {"line":8,"reason":"not a quote: malformed JSON (Unrecognized token '%s...': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'))","input":"%s"}
                """.formatted(Fixtures.JSON.writeValueAsString(lines.get(2)), Fixtures.JSON.writeValueAsString(noKafka),
                "x".repeat(256), "x".repeat(1024))); // Jackson quotes 256 characters of a bad token; the entry keeps 1 KiB

        Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, List.of("MIX"));
        assertThat(Fixtures.history(items)).hasSize(2);
        assertThat(Fixtures.latest(items).get("MIX").priceUsd()).isEqualByComparingTo("5.5");

        List<JsonNode> alerts = alertsAbout(key);
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.path("kind").asText()).isEqualTo("lines-quarantined");
        assertThat(alert.path("message").asText()).startsWith("5 of 8 lines of s3://" + cloud.endpoints().bucket() + "/" + key);
        assertThat(alert.path("context").path("quarantined").asText()).isEqualTo("5");
        assertThat(alert.path("context").path("line").asText()).isEqualTo("2");
        assertThat(alert.path("context").path("quarantineKey").asText()).isEqualTo("quarantine/" + key + ".errors.jsonl");
    }

    @Test
    void eventWithSeveralRecords_loadsEachObject_withItsKeyDecoded_andIgnoresObjectsOutsideQuotes() {
        Instant t = Instant.parse("2026-11-21T20:00:00.000Z");
        String spaced = "quotes/dt=2026-11-21/hour=20/manual replay+fix-0-0000000000000000000.jsonl";
        String gzipByHeader = "quotes/dt=2026-11-21/hour=20/encoded-0-0000000000000000000.jsonl";
        String foreign = "exports/dt=2026-11-21/report.jsonl";
        put(cloud, spaced, plain(lines(List.of(quote("EVA", "coincap", t, "1.5")))), null);
        put(cloud, gzipByHeader, gzip(lines(List.of(quote("EVB", "coincap", t, "2.5"), quote("EVB", "coincap", t.plusSeconds(300), "2.6")))), "gzip");
        put(cloud, foreign, plain(lines(List.of(quote("EVC", "coincap", t, "3.5")))), null);
        String event = notifications.eventFor(spaced, gzipByHeader, foreign);
        assertThat(event).contains("manual+replay%2Bfix", "dt%3D2026-11-21"); // as S3 encodes keys

        List<LoadSummary> summaries = invoke(event);

        assertThat(summaries).extracting(LoadSummary::key, LoadSummary::items).containsExactly(
                org.assertj.core.groups.Tuple.tuple(spaced, 1L), org.assertj.core.groups.Tuple.tuple(gzipByHeader, 2L));
        assertThat(Fixtures.history(Fixtures.items(cloud, List.of("EVA", "EVB", "EVC")))).extracting(Quote::symbol)
                .containsExactlyInAnyOrder("EVA", "EVB", "EVB");
    }

    @Test
    void randomObjectsLoadedConcurrentlyAndReplayed_giveCandlesAndLatestEqualToARecomputation() throws Exception {
        for (int seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            List<String> symbols = List.of("CC" + seed + "A", "CC" + seed + "B");
            List<Quote> distinct = new ArrayList<>();
            Map<String, Quote> byIdentity = new java.util.HashMap<>();
            for (int i = 0; i < 150; i++) {
                Quote q = quote(symbols.get(random.nextInt(2)), random.nextBoolean() ? "coincap" : "finnhub",
                        T0.plus(Duration.ofMinutes(20L * random.nextInt(90))), List.of("1", "2", "2.0", "3.5", "3.50", "8").get(random.nextInt(6)));
                if (byIdentity.putIfAbsent(q.symbol() + q.observedAt() + q.source(), q) == null) {
                    distinct.add(q);
                }
            }
            List<Quote> arrivals = new ArrayList<>(distinct);
            for (int i = 0; i < 40; i++) {
                arrivals.add(distinct.get(random.nextInt(distinct.size())));
            }
            Collections.shuffle(arrivals, random);
            loadConcurrentlyWithReplays(arrivals, "random" + seed, 40, random);

            Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, symbols);
            List<Quote> history = Fixtures.history(items);
            assertThat(history).as("seed " + seed).containsExactlyInAnyOrderElementsOf(distinct.stream().map(Fixtures::comparable).toList());
            assertThat(Fixtures.candles(items)).as("seed " + seed).isEqualTo(Recompute.candles(history));
            assertThat(Fixtures.latest(items)).as("seed " + seed).isEqualTo(Recompute.latest(history));
        }
    }

    /**
     * Puts {@code arrivals} into objects of 1 to {@code maxLines} lines, then loads them, half of them twice, in a random
     * order, four at once (four Lambda instances).
     */
    void loadConcurrentlyWithReplays(List<Quote> arrivals, String name, int maxLines, Random random) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0, part = 0; i < arrivals.size(); part++) {
            int size = 1 + random.nextInt(maxLines);
            String key = "quotes/dt=2026-11-21/hour=18/" + name + "-0-" + String.format("%019d", part) + ".jsonl.gz";
            put(cloud, key, gzip(lines(arrivals.subList(i, Math.min(arrivals.size(), i + size)))), null);
            keys.add(key);
            i += size;
        }
        List<String> loads = new ArrayList<>(keys);
        loads.addAll(keys.subList(0, keys.size() / 2)); // replays
        Collections.shuffle(loads, random);
        ExecutorService invocations = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String key : loads) {
                done.add(invocations.submit(() -> loader.load(cloud.endpoints().bucket(), key, Deadline.after(clock, Duration.ofMinutes(1)))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            invocations.shutdown();
        }
    }

    /** The alerts on the SNS topic (read from the SQS queue subscribed to it) whose context names {@code key}. */
    static List<JsonNode> alertsAbout(String key) {
        List<JsonNode> found = new ArrayList<>();
        await("an alert about " + key).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found.addAll(receiveAlerts(key));
            return !found.isEmpty();
        });
        try {
            found.addAll(receiveAlerts(key)); // anything more that was sent about it
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static List<JsonNode> receiveAlerts(String key) throws Exception {
        String queue = cloud.endpoints().alertsQueueUrl();
        List<JsonNode> alerts = new ArrayList<>();
        for (Message m : cloud.sqsClient().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
            JsonNode alert = Fixtures.JSON.readTree(Fixtures.JSON.readTree(m.body()).path("Message").asText());
            if (key.equals(alert.path("context").path("key").asText())) {
                alerts.add(alert);
                cloud.sqsClient().deleteMessage(d -> d.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        return alerts;
    }
}
