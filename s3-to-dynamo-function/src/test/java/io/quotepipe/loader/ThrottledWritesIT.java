package io.quotepipe.loader;

import io.quotepipe.core.Quote;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.loader.internal.ThrottledException;
import io.quotepipe.loader.rollup.Recompute;
import io.quotepipe.local.LocalCloud;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.quotepipe.loader.Fixtures.gzip;
import static io.quotepipe.loader.Fixtures.lines;
import static io.quotepipe.loader.Fixtures.put;
import static io.quotepipe.loader.Fixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The loader against a DynamoDB that throttles: the local DynamoDB (dynalite) behind an SDK interceptor that refuses
 * history puts with ProvisionedThroughputExceededException ({@link ThrottledPutsInterceptor}).
 */
class ThrottledWritesIT {

    static final Instant T0 = Instant.parse("2026-11-22T06:00:00.000Z");
    final LocalCloud cloud = LocalCloud.shared();

    static List<Quote> quotes(String symbol, int n) {
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            quotes.add(quote(symbol, "coincap", T0.plus(Duration.ofMinutes(5L * i)), Integer.toString(50 + (i * 13) % 29)));
        }
        return quotes;
    }

    @Test
    void throttledHistoryPuts_areSentAgain_untilEveryOneLands() {
        ThrottledPutsInterceptor throttle = new ThrottledPutsInterceptor(2);
        String key = "quotes/dt=2026-11-22/hour=06/throttled-0-0000000000000000000.jsonl.gz";
        List<Quote> quotes = quotes("THR", 400);
        put(cloud, key, gzip(lines(quotes)), null);

        try (HandBuilt app = new HandBuilt(cloud, HandBuilt.dynamo(cloud, throttle), Optional.empty(), 4)) {
            LoadSummary summary = app.loader.load(cloud.endpoints().bucket(), key,
                    Deadline.after(Clock.systemUTC(), Duration.ofMinutes(2))).orElseThrow();

            assertThat(summary.items()).isEqualTo(400);
        }

        assertThat(throttle.refused()).as("each item was refused twice").isEqualTo(800);
        Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, List.of("THR"));
        List<Quote> history = Fixtures.history(items);
        assertThat(history).containsExactlyInAnyOrderElementsOf(quotes.stream().map(Fixtures::comparable).toList());
        assertThat(Fixtures.candles(items)).isEqualTo(Recompute.candles(history));
    }

    @Test
    void historyPutsStillThrottledAtTheDeadline_failTheInvocation_withTheObjectAndAnAlert() {
        ThrottledPutsInterceptor throttle = new ThrottledPutsInterceptor(Integer.MAX_VALUE);
        String key = "quotes/dt=2026-11-22/hour=06/always-throttled-0-0000000000000000000.jsonl.gz";
        put(cloud, key, gzip(lines(quotes("THX", 60))), null);

        try (HandBuilt app = new HandBuilt(cloud, HandBuilt.dynamo(cloud, throttle), Optional.empty(), 2)) {
            long start = System.nanoTime();
            LoadFailedException failure = catchThrowableOfType(LoadFailedException.class, () -> app.loader.load(
                    cloud.endpoints().bucket(), key, Deadline.after(Clock.systemUTC(), Duration.ofSeconds(2))));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure).hasMessageContaining("loading s3://" + cloud.endpoints().bucket() + "/" + key + " failed")
                    .hasMessageContaining("Lambda retries it").hasCauseInstanceOf(ThrottledException.class);
            assertThat(failure.getCause()).hasMessageContaining("the history item COIN#THX/").hasMessageContaining("was still throttled");
            assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(20));
            assertThat(app.alerts).extracting(a -> a.kind()).containsExactly("load-failed");
            assertThat(app.alerts.get(0).context()).containsEntry("key", key);
        }
        assertThat(throttle.requests()).isGreaterThan(3);
    }

    @Test
    void historyItemsGetAnExpiryWhenRetentionIsSet_latestAndCandlesDoNot() {
        String key = "quotes/dt=2026-11-22/hour=06/retention-0-0000000000000000000.jsonl.gz";
        List<Quote> quotes = quotes("TTL", 3);
        put(cloud, key, gzip(lines(quotes)), null);

        try (HandBuilt app = new HandBuilt(cloud, HandBuilt.dynamo(cloud), Optional.of(Duration.ofDays(400)), 2)) {
            app.loader.load(cloud.endpoints().bucket(), key, Deadline.after(Clock.systemUTC(), Duration.ofMinutes(1)));
        }

        Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, List.of("TTL"));
        assertThat(items.get("COIN#TTL|TS#2026-11-22T06:00:00.000Z#coincap").get("expiresAt").n())
                .isEqualTo(Long.toString(T0.plus(Duration.ofDays(400)).getEpochSecond()));
        assertThat(items).hasSize(3 + 1 + 1 + 1);
        items.forEach((k, v) -> {
            if (!k.startsWith("COIN#")) {
                assertThat(v).as(k).doesNotContainKey("expiresAt");
            }
        });
    }
}
