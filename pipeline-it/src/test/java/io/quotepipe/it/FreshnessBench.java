package io.quotepipe.it;

import io.quotepipe.core.DynamoKeys;
import io.quotepipe.local.LocalCloudOptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Freshness (issue #16): how long a quote takes from its {@code fetchedAt} to its history item being readable in
 * DynamoDB, the whole local pipeline as {@code ./quotepipe up} runs it, the consumer with its production defaults
 * (idle flush 1 s, max-age 60 s); then the same with the idle flush off (max-age alone), in the same run. Polls are
 * invoked every {@value #POLL_EVERY_MS} ms, {@value #WARM_UP} to warm up then {@value #POLLS} measured, per
 * configuration; for each poll a reader looks up
 * the history items of {@link #WATCHED} every {@value #READ_EVERY_MS} ms and takes the first instant it reads each.
 * Not part of the build: {@code ./mvnw -B -ntp -pl pipeline-it -am verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FreshnessBench}; the table goes to
 * {@code pipeline-it/target/freshness.md}.
 */
class FreshnessBench {

    /** Polls measured, after {@link #WARM_UP} polls whose quotes meet the cold start (JIT, first Lambda invocations). */
    static final int POLLS = 50;
    static final int WARM_UP = 5;
    /** Between 3 s and the local run's 10 s: the local loader runs one invocation at a time, like a function with a
     * reserved concurrency of 1, so a shorter interval would measure its queue. */
    static final long POLL_EVERY_MS = 5000;
    static final long READ_EVERY_MS = 50;
    static final List<String> WATCHED = List.of("BTC", "ETH", "USDT");

    record Result(String name, List<Long> latenciesMs, long warmUpMaxMs) {
        long percentile(double p) {
            List<Long> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %,d | %,d |", name, latenciesMs.size(),
                    percentile(50), percentile(99), Collections.max(latenciesMs), warmUpMaxMs);
        }
    }

    @Test
    void freshness_withTheIdleFlush_andWithMaxAgeAlone() throws Exception {
        Result idle = run("idle flush 1 s (default), max-age 60 s", Map.of());
        Result ageOnly = run("idle flush off, max-age 60 s", Map.of("QUOTEPIPE_CONSUMER_IDLE_FLUSH", "0s"));

        String table = String.join("\n",
                "| consumer | quotes | p50 ms | p99 ms | max ms | warm-up max ms |",
                "| --- | ---: | ---: | ---: | ---: | ---: |",
                idle.row(), ageOnly.row(), "");
        Path out = RunningPipeline.ROOT.resolve("pipeline-it/target/freshness.md");
        Files.writeString(out, table);
        System.out.println(table);
        assertThat(idle.latenciesMs()).hasSize(POLLS * WATCHED.size());
        assertThat(ageOnly.latenciesMs()).hasSize(POLLS * WATCHED.size());
    }

    private Result run(String name, Map<String, String> overrides) throws IOException, InterruptedException {
        try (RunningPipeline running = RunningPipeline.start(LocalCloudOptions.builder().build(),
                "freshness-" + (overrides.isEmpty() ? "idle" : "age"), overrides)) {
            DynamoDbClient dynamo = running.cloud.dynamoDbClient();
            String table = running.cloud.endpoints().table();
            List<Instant> scheduled = new ArrayList<>();
            Map<Instant, List<Long>> latencies = new java.util.concurrent.ConcurrentHashMap<>();
            Thread reader = Thread.ofPlatform().name("freshness-reader").start(() -> read(dynamo, table, scheduled, latencies));
            Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            for (int i = 0; i < WARM_UP + POLLS; i++) {
                Instant at = first.plusMillis(i * POLL_EVERY_MS);
                long wait = Duration.between(Instant.now(), at).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait); // the schedule of the polls, as EventBridge's rate() ticks: not a synchronisation
                }
                running.pipeline.poll(at);
                synchronized (scheduled) {
                    scheduled.add(at.truncatedTo(ChronoUnit.SECONDS));
                }
            }
            reader.join(Duration.ofMinutes(3));
            reader.interrupt();
            assertThat(running.failures).isEmpty();
            List<Long> measured = new ArrayList<>();
            long warmUpMax = 0;
            StringBuilder perPoll = new StringBuilder();
            for (int i = 0; i < scheduled.size(); i++) {
                List<Long> ofPoll = latencies.getOrDefault(scheduled.get(i), List.of());
                perPoll.append(scheduled.get(i)).append(' ').append(ofPoll).append('\n');
                if (i < WARM_UP) {
                    warmUpMax = Math.max(warmUpMax, ofPoll.stream().mapToLong(Long::longValue).max().orElse(0));
                } else {
                    measured.addAll(ofPoll);
                }
            }
            Files.writeString(RunningPipeline.ROOT.resolve("pipeline-it/target/freshness-" + (overrides.isEmpty() ? "idle" : "age")
                    + "-per-poll.txt"), perPoll);
            return new Result(name, measured, warmUpMax);
        }
    }

    /** Reads each poll's watched history items until all are there; records fetchedAt → first read, in ms. */
    private static void read(DynamoDbClient dynamo, String table, List<Instant> scheduled, Map<Instant, List<Long>> latencies) {
        List<String> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMillis((WARM_UP + POLLS) * POLL_EVERY_MS).plusMinutes(3).toNanos();
        while (found.size() < (WARM_UP + POLLS) * WATCHED.size() && System.nanoTime() < deadline) {
            List<Instant> polls;
            synchronized (scheduled) {
                polls = new ArrayList<>(scheduled);
            }
            for (Instant at : polls) {
                for (String symbol : WATCHED) {
                    String id = symbol + "@" + at;
                    if (found.contains(id)) {
                        continue;
                    }
                    Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Map.of(
                            DynamoKeys.PK, AttributeValue.fromS(DynamoKeys.historyPk(symbol)),
                            DynamoKeys.SK, AttributeValue.fromS(DynamoKeys.historySk(at, "simulated"))))).item();
                    if (item != null && !item.isEmpty()) {
                        Instant readAt = Instant.now();
                        Instant fetchedAt = Instant.parse(item.get("fetchedAt").s());
                        latencies.computeIfAbsent(at, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(Duration.between(fetchedAt, readAt).toMillis());
                        found.add(id);
                    }
                }
            }
            try {
                Thread.sleep(READ_EVERY_MS); // the reader's sampling period
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
