package io.quotepipe.loader.internal;

import io.quotepipe.core.QuoteItems;
import io.quotepipe.core.time.Backoff;
import io.quotepipe.core.time.BlockingBackoff;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.core.time.Jitter;
import io.quotepipe.loader.LoaderBeans;

import io.quotepipe.core.Quote;
import io.quotepipe.core.testing.MutableClock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryWriterTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00.250Z");
    static final Quote QUOTE = Quote.builder().source("simulated").symbol("SHIB").name("Shiba Inu").rank(11)
            .priceUsd(new BigDecimal("0.000000012345")).marketCapUsd(new BigDecimal("123456789012345.67"))
            .change1hPct(new BigDecimal("-0.13")).observedAt(T).fetchedAt(T.plusMillis(412)).pollId("p-1").build();

    /** Answers each BatchWriteItem with {@code answer}; records every request. */
    static final class FakeDynamo implements DynamoDbClient {
        final List<List<WriteRequest>> requests = new ArrayList<>();
        final Function<List<WriteRequest>, BatchWriteItemResponse> answer;

        FakeDynamo(Function<List<WriteRequest>, BatchWriteItemResponse> answer) {
            this.answer = answer;
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            List<WriteRequest> items = request.requestItems().get("t");
            requests.add(items);
            return answer.apply(items);
        }

        public String serviceName() {
            return "dynamodb";
        }

        public void close() {
        }
    }

    static Quote quote(int second) {
        return QUOTE.toBuilder().observedAt(T.plusSeconds(second)).build();
    }

    @Test
    void mapsAQuoteToAHistoryItem_withExactDecimalsAndLineage() {
        Map<String, AttributeValue> item = QuoteItems.history(QUOTE, "quotes/dt=2026-11-21/hour=18/t-0-0000000000000000000.jsonl.gz", Optional.empty());

        assertThat(item.get("pk").s()).isEqualTo("COIN#SHIB");
        assertThat(item.get("sk").s()).isEqualTo("TS#2026-11-21T18:05:00.250Z#simulated");
        assertThat(item.get("priceUsd").n()).isEqualTo("0.000000012345");
        assertThat(item.get("marketCapUsd").n()).isEqualTo("123456789012345.67");
        assertThat(item.get("change1hPct").n()).isEqualTo("-0.13");
        assertThat(item.get("rank").n()).isEqualTo("11");
        assertThat(item.get("fetchedAt").s()).isEqualTo("2026-11-21T18:05:00.662Z");
        assertThat(item.get("s3Key").s()).endsWith("t-0-0000000000000000000.jsonl.gz");
        assertThat(item).doesNotContainKeys("volume24hUsd", "change24hPct", "expiresAt");
    }

    @Test
    void setsTheTtlFromObservedAt_onHistoryItemsOnly_whenRetentionIsSet() {
        Map<String, AttributeValue> history = QuoteItems.history(QUOTE, "k", Optional.of(Duration.ofDays(30)));

        assertThat(history.get("expiresAt").n()).isEqualTo(Long.toString(T.plus(Duration.ofDays(30)).getEpochSecond()));
        assertThat(QuoteItems.latest(QUOTE, "k")).doesNotContainKey("expiresAt").containsEntry("pk", AttributeValue.fromS("LATEST"));
    }

    @Test
    void sendsUnprocessedItemsAgain_untilEveryOneIsWritten() {
        MutableClock clock = new MutableClock(T);
        // The first answer leaves 10 items unprocessed, the second 3, the third none.
        int[] left = {10, 3, 0};
        int[] call = {0};
        FakeDynamo dynamo = new FakeDynamo(items -> {
            int n = left[call[0]++];
            return BatchWriteItemResponse.builder().unprocessedItems(n == 0 ? Map.of() : Map.of("t", items.subList(0, n))).build();
        });
        List<Duration> waits = new ArrayList<>();
        HistoryWriter writer = new HistoryWriter(dynamo, "t", Optional.empty(), backoff(clock, waits));

        int written = writer.write(List.of(quote(1), quote(2), quote(3), quote(4), quote(5), quote(6), quote(7),
                quote(8), quote(9), quote(10), quote(11), quote(12)), "k", deadline(clock, Duration.ofMinutes(1)));

        assertThat(written).isEqualTo(12);
        assertThat(dynamo.requests).extracting(List::size).containsExactly(12, 10, 3);
        assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void writesARepeatedQuoteOnce_becauseOneRequestMayNotHoldAKeyTwice() {
        FakeDynamo dynamo = new FakeDynamo(items -> BatchWriteItemResponse.builder().build());
        HistoryWriter writer = new HistoryWriter(dynamo, "t", Optional.empty(), LoaderBeans.throttlingBackoff());

        int written = writer.write(List.of(quote(1), quote(2), quote(1)), "k", deadline(new MutableClock(T), Duration.ofMinutes(1)));

        assertThat(written).isEqualTo(2);
        assertThat(dynamo.requests.get(0)).hasSize(2);
    }

    @Test
    void failsWithTheCounts_whenItemsAreStillUnprocessedAtTheDeadline() {
        MutableClock clock = new MutableClock(T);
        FakeDynamo dynamo = new FakeDynamo(items -> BatchWriteItemResponse.builder().unprocessedItems(Map.of("t", items)).build());
        List<Duration> waits = new ArrayList<>();
        HistoryWriter writer = new HistoryWriter(dynamo, "t", Optional.empty(), backoff(clock, waits));

        assertThatThrownBy(() -> writer.write(List.of(quote(1), quote(2)), "quotes/x.jsonl", deadline(clock, Duration.ofSeconds(2))))
                .isInstanceOf(ThrottledException.class)
                .hasMessageContaining("2 of 2 history items of s3 object quotes/x.jsonl were still unprocessed")
                .hasMessageContaining("Lambda retries the event");
        // 50 + 100 + 200 + 400 + 800 ms = 1.55 s; the next wait (1.6 s) would pass the 2 s deadline.
        assertThat(waits).hasSize(5);
        assertThat(clock.instant()).isEqualTo(T.plusMillis(1550));
    }

    @Test
    void retriesARequestRefusedAsAWhole_whenNothingCouldBeProcessed() {
        MutableClock clock = new MutableClock(T);
        int[] call = {0};
        FakeDynamo dynamo = new FakeDynamo(items -> {
            if (call[0]++ == 0) {
                throw ProvisionedThroughputExceededException.builder().message("slow down").build();
            }
            return BatchWriteItemResponse.builder().build();
        });
        HistoryWriter writer = new HistoryWriter(dynamo, "t", Optional.empty(), backoff(clock, new ArrayList<>()));

        assertThat(writer.write(List.of(quote(1)), "k", deadline(clock, Duration.ofMinutes(1)))).isEqualTo(1);
        assertThat(dynamo.requests).hasSize(2);
    }

    /** Waits the full ceiling (no jitter) and advances the clock instead of sleeping. */
    static BlockingBackoff backoff(MutableClock clock, List<Duration> waits) {
        return new BlockingBackoff(new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), Jitter.NONE), d -> {
            waits.add(d);
            clock.advance(d);
        });
    }

    static Deadline deadline(Clock clock, Duration window) {
        return Deadline.after(clock, window);
    }
}
