package io.quotepipe.loader;

import io.quotepipe.core.Quote;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.local.LocalCloud;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.quotepipe.loader.Fixtures.gzip;
import static io.quotepipe.loader.Fixtures.lines;
import static io.quotepipe.loader.Fixtures.put;
import static io.quotepipe.loader.Fixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** What an object costs in DynamoDB requests, counted by an SDK interceptor on the local DynamoDB. */
class WriteCostIT {

    final LocalCloud cloud = LocalCloud.shared();
    /** Counts requests by operation name. */
    static final class Counting implements ExecutionInterceptor {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String operation = context.request().getClass().getSimpleName().replace("Request", "");
            calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        }

        Map<String, Integer> snapshotAndReset() {
            Map<String, Integer> counts = calls.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
            calls.clear();
            return counts;
        }
    }

    @Test
    void anObjectCostsOnePutPerLine_aReadAQueryAndAPutPerCandle_andOnePutPerCoin_andAReplayWritesNoCandle() {
        // 10 coins polled every 5 minutes for 2 hours (24 polls): 240 lines, 10 batches, 20 hourly + 10 daily candles.
        Instant t0 = Instant.parse("2026-11-24T10:00:00.000Z");
        List<Quote> quotes = new ArrayList<>();
        for (int poll = 0; poll < 24; poll++) {
            for (int coin = 0; coin < 10; coin++) {
                quotes.add(quote("WC" + coin, "simulated", t0.plus(Duration.ofMinutes(5L * poll)), (100 + poll * 3 % 7 + coin) + ".5"));
            }
        }
        String key = "quotes/dt=2026-11-24/hour=10/cost-0-0000000000000000000.jsonl.gz";
        put(cloud, key, gzip(lines(quotes)), null);
        Counting counting = new Counting();

        try (HandBuilt app = new HandBuilt(cloud, HandBuilt.dynamo(cloud, counting), Optional.empty(), 4)) {
            LoadSummary first = load(app, key);
            Map<String, Integer> firstCost = counting.snapshotAndReset();
            LoadSummary replay = load(app, key);
            Map<String, Integer> replayCost = counting.snapshotAndReset();

            assertThat(first.candles()).isEqualTo(30);
            // history 240 conditional puts (the write units of 10 BatchWriteItems of 24), each candle read, its
            // sources queried and written, latest one conditional put per coin
            assertThat(firstCost).isEqualTo(Map.of("PutItem", 240 + 30 + 10, "GetItem", 30, "Query", 30));
            assertThat(replay.candles()).isZero();
            assertThat(replay.latest()).isZero();
            assertThat(replayCost).as("a replay: the same history puts (same version), each candle read and found"
                            + " equal to its sources, one refused latest put per coin")
                    .isEqualTo(Map.of("PutItem", 240 + 10, "GetItem", 30, "Query", 30));
        }
    }

    @Test
    void aLaterObjectOfTheSameHour_recomputesEachCandleWithARead_aQuery_andAPut() {
        Instant t0 = Instant.parse("2026-11-24T14:00:00.000Z");
        String early = "quotes/dt=2026-11-24/hour=14/merge-0-0000000000000000000.jsonl.gz";
        String late = "quotes/dt=2026-11-24/hour=14/merge-0-0000000000000000001.jsonl.gz";
        put(cloud, early, gzip(lines(List.of(quote("WCM", "simulated", t0, "10")))), null);
        put(cloud, late, gzip(lines(List.of(quote("WCM", "simulated", t0.plusSeconds(600), "12")))), null);
        Counting counting = new Counting();

        try (HandBuilt app = new HandBuilt(cloud, HandBuilt.dynamo(cloud, counting), Optional.empty(), 1)) {
            load(app, early);
            counting.snapshotAndReset();
            LoadSummary summary = load(app, late);

            assertThat(summary.candles()).isEqualTo(2);
            // history 1, latest 1; per candle: read it, query its sources (the hour's history, the day's hours), put it
            assertThat(counting.snapshotAndReset()).isEqualTo(Map.of("PutItem", 1 + 2 + 1, "GetItem", 2, "Query", 2));
        }
        var items = Fixtures.items(cloud, List.of("WCM"));
        assertThat(items.get("OHLC#1h#WCM|2026-11-24T14:00:00.000Z")).satisfies(c -> {
            assertThat(c.get("open").n()).isEqualTo("10");
            assertThat(c.get("high").n()).isEqualTo("12");
            assertThat(c.get("low").n()).isEqualTo("10");
            assertThat(c.get("close").n()).isEqualTo("12");
            assertThat(c.get("closeAt").s()).isEqualTo("2026-11-24T14:10:00.000Z");
        });
    }

    static LoadSummary load(HandBuilt app, String key) {
        return app.loader.load(LocalCloud.shared().endpoints().bucket(), key,
                Deadline.after(Clock.systemUTC(), Duration.ofMinutes(1))).orElseThrow();
    }
}
