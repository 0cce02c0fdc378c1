package io.quotepipe.loader;

import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Quote;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.local.LocalCloud;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput of the loader on a 100,000-line object, side by side with bare write loops over the same items, on the
 * same local DynamoDB (dynalite), in one run: {@code ./mvnw -B -ntp -pl s3-to-dynamo-function verify -Pbench}. Results go to
 * {@code target/benchmarks-loader.md} (and the log).
 *
 * <p>Every run writes new coins (another symbol prefix), so none is a replay of another; runs alternate over two
 * rounds so that the table growing during the benchmark does not favour one kind.
 */
class LoaderBench {

    private static final Logger LOG = Logger.getLogger(LoaderBench.class);
    static final int LINES = Integer.getInteger("bench.lines", 20_000);
    static final int COINS = 100;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    /** PutItem is measured on the first 20,000 items: a rate per item, and 100,000 single puts would take minutes. */
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00.000Z");

    final LocalCloud cloud = LocalCloud.shared();
    int runs;

    /** 100 coins polled every 5 minutes (as the pipeline polls), from one source. */
    static List<Quote> quotes(String prefix) {
        Random random = new Random(42);
        List<Quote> quotes = new ArrayList<>(LINES);
        for (int i = 0; i < LINES; i++) {
            Instant at = T0.plus(Duration.ofMinutes(5L * (i / COINS)));
            String price = (1000 + random.nextInt(9000)) + "." + random.nextInt(1000);
            quotes.add(Fixtures.quote(String.format("%s%03d", prefix, i % COINS), "simulated", at, price));
        }
        return quotes;
    }

    @Test
    void loaderThroughput_comparedWithBareWriteLoops() throws Exception {
        long candles = quotes("X").stream().flatMap(q -> java.util.Arrays.stream(Interval.values())
                .map(iv -> q.symbol() + iv + iv.start(q.observedAt()))).distinct().count();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> serverCpu = new LinkedHashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            record("bare BatchWriteItem loop, 1 thread", rates, serverCpu, LINES, () -> bareBatchLoop(1));
            record("bare BatchWriteItem loop, 4 threads", rates, serverCpu, LINES, () -> bareBatchLoop(4));
            record("bare conditional PutItem loop, 1 thread", rates, serverCpu, LINES, () -> conditionalPutLoop(1));
            record("bare conditional PutItem loop, 4 threads", rates, serverCpu, LINES, () -> conditionalPutLoop(4));
            for (int concurrency : new int[] {1, 2, 4, 8}) {
                record("loader, write-concurrency " + concurrency, rates, serverCpu, LINES, () -> loader(concurrency));
            }
        }
        report(rates, serverCpu, candles);
    }

    /** Runs one measurement, and the DynamoDB server's own CPU time during it, per history item written. */
    private void record(String name, Map<String, List<Double>> rates, Map<String, List<Double>> serverCpu, int items,
                        java.util.concurrent.Callable<Double> run) throws Exception {
        Duration cpuBefore = serverCpu();
        double itemsPerSecond = run.call();
        double cpuMicrosPerItem = serverCpu().minus(cpuBefore).toNanos() / 1e3 / items;
        rates.computeIfAbsent(name, k -> new ArrayList<>()).add(itemsPerSecond);
        serverCpu.computeIfAbsent(name, k -> new ArrayList<>()).add(cpuMicrosPerItem);
        LOG.infof("bench: %s: %,.0f items/s, DynamoDB server CPU %.0f µs/item", name, itemsPerSecond, cpuMicrosPerItem);
    }

    /** CPU time (user + system) of the local DynamoDB server's process so far, as the OS counts it (/proc/<pid>/stat). */
    private Duration serverCpu() {
        return cloud.dynamoDb().process().flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    private String nextPrefix() {
        runs++;
        return "B" + (char) ('A' + runs / 26) + (char) ('A' + runs % 26);
    }

    /** History items of a fresh object, with BatchWriteItem of 25, unprocessed items resent; nothing else. */
    double bareBatchLoop(int threads) throws Exception {
        String key = "quotes/dt=2026-11-01/hour=00/bench-bare-0-0000000000000000000.jsonl.gz";
        List<List<WriteRequest>> batches = new ArrayList<>();
        List<WriteRequest> batch = new ArrayList<>();
        for (Quote q : quotes(nextPrefix())) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(io.quotepipe.core.QuoteItems.history(q, key, Optional.empty())).build()).build());
            if (batch.size() == 25) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        DynamoDbClient dynamo = HandBuilt.dynamo(cloud);
        String table = cloud.endpoints().table();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < batches.size(); i += threads) {
                        List<WriteRequest> pending = batches.get(i);
                        while (!pending.isEmpty()) {
                            List<WriteRequest> sending = pending;
                            BatchWriteItemResponse r = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, sending)));
                            pending = r.unprocessedItems().getOrDefault(table, List.of());
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return LINES / seconds(start);
        } finally {
            pool.shutdown();
            dynamo.close();
        }
    }

    /**
     * One PutItem per history item on the version condition, as the loader writes history since issue #13 part 3
     * ({@code HistoryWriter.CONDITION}); nothing else.
     */
    double conditionalPutLoop(int threads) throws Exception {
        String key = "quotes/dt=2026-11-01/hour=00/bench-put-0-0000000000000000000.jsonl.gz";
        List<Quote> quotes = quotes(nextPrefix());
        String table = cloud.endpoints().table();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (DynamoDbClient dynamo = HandBuilt.dynamo(cloud)) {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < quotes.size(); i += threads) {
                        Map<String, AttributeValue> item = io.quotepipe.core.QuoteItems.history(quotes.get(i), key, Optional.empty());
                        dynamo.putItem(p -> p.tableName(table).item(item)
                                .conditionExpression(io.quotepipe.loader.internal.HistoryWriter.CONDITION)
                                .expressionAttributeNames(Map.of("#version", "version"))
                                .expressionAttributeValues(Map.of(":version", item.get("version"))));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return quotes.size() / seconds(start);
        } finally {
            pool.shutdown();
        }
    }

    /** The loader on a gzip object in S3: read, parse, history, candles, latest. */
    double loader(int concurrency) {
        String prefix = nextPrefix();
        String key = "quotes/dt=2026-11-01/hour=00/bench-" + prefix + "-0-0000000000000000000.jsonl.gz";
        Fixtures.put(cloud, key, Fixtures.gzip(Fixtures.lines(quotes(prefix))), null);
        try (HandBuilt app = new HandBuilt(cloud, HandBuilt.dynamo(cloud), Optional.empty(), concurrency)) {
            long start = System.nanoTime();
            LoadSummary summary = app.loader.load(cloud.endpoints().bucket(), key,
                    Deadline.after(Clock.systemUTC(), Duration.ofMinutes(10))).orElseThrow();
            double rate = LINES / seconds(start);
            assertThat(summary.items()).isEqualTo(LINES);
            LOG.info(summary);
            return rate;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void report(Map<String, List<Double>> rates, Map<String, List<Double>> serverCpu, long candles) throws IOException {
        double reference = median(rates.get("bare BatchWriteItem loop, 1 thread"));
        double putItem = median(rates.get("bare conditional PutItem loop, 4 threads"));
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d-line object (%d coins every 5 minutes: %d candle items, %d latest); "
                + "%d rounds, median items/s; %d cores, load average %.1f, JDK %s%n%n",
                LINES, COINS, candles, COINS, ROUNDS, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.version()));
        md.append("| run | items/s | vs bare BatchWriteItem loop (1 thread) | vs bare conditional PutItem loop (4 threads) | all rounds | DynamoDB server CPU µs/item |\n");
        md.append("| --- | ---: | ---: | ---: | --- | ---: |\n");
        rates.forEach((name, values) -> {
            double m = median(values);
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %s | %.0f |%n", name, m, m / reference, m / putItem,
                    values.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList(), median(serverCpu.get(name))));
        });
        String table = md.toString();
        LOG.info("\n" + table);
        String output = System.getProperty("quotepipe.bench.output");
        if (output != null) {
            Files.writeString(Path.of(output), table);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
