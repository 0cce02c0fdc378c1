package io.quotepipe.loader.internal;

import io.quotepipe.core.QuoteItems;
import io.quotepipe.core.QuoteVersion;

import io.quotepipe.core.testing.MutableClock;
import io.quotepipe.core.Quote;
import io.quotepipe.core.time.Backoff;
import io.quotepipe.core.time.BlockingBackoff;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.core.time.Jitter;
import io.quotepipe.loader.LoaderBeans;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

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

    /** Answers each PutItem with {@code answer}; records every request. */
    static final class FakeDynamo implements DynamoDbClient {
        final List<PutItemRequest> requests = new ArrayList<>();
        final Function<PutItemRequest, PutItemResponse> answer;

        FakeDynamo(Function<PutItemRequest, PutItemResponse> answer) {
            this.answer = answer;
        }

        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            requests.add(request);
            return answer.apply(request);
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
    void putsEachQuoteOnTheConditionThatNoGreaterVersionIsStored() {
        FakeDynamo dynamo = new FakeDynamo(put -> PutItemResponse.builder().build());
        HistoryWriter writer = new HistoryWriter(dynamo, "t", Optional.empty(), LoaderBeans.throttlingBackoff());

        int written = writer.write(List.of(quote(1), quote(2)), "k", deadline(new MutableClock(T), Duration.ofMinutes(1)));

        assertThat(written).isEqualTo(2);
        assertThat(dynamo.requests).hasSize(2).allSatisfy(put -> {
            assertThat(put.conditionExpression()).isEqualTo(
                    "attribute_not_exists(pk) OR attribute_not_exists(#version) OR #version <= :version");
            assertThat(put.expressionAttributeNames()).containsEntry("#version", "version");
            assertThat(put.expressionAttributeValues().get(":version")).isEqualTo(put.item().get("version"));
        });
        assertThat(dynamo.requests.get(0).item().get("version").s()).isEqualTo(QuoteVersion.of(quote(1)));
    }

    @Test
    void aRefusedCondition_meansAGreaterVersionIsStored_andIsNotRetried() {
        FakeDynamo dynamo = new FakeDynamo(put -> {
            if (put.item().get("sk").s().contains("18:05:01")) {
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
            }
            return PutItemResponse.builder().build();
        });
        HistoryWriter writer = new HistoryWriter(dynamo, "t", Optional.empty(), LoaderBeans.throttlingBackoff());

        int written = writer.write(List.of(quote(1), quote(2)), "k", deadline(new MutableClock(T), Duration.ofMinutes(1)));

        assertThat(written).isEqualTo(1);
        assertThat(dynamo.requests).hasSize(2);
    }

    @Test
    void twoContentsOfOneKeyInOneCall_putOnlyTheWinner() {
        FakeDynamo dynamo = new FakeDynamo(put -> PutItemResponse.builder().build());
        HistoryWriter writer = new HistoryWriter(dynamo, "t", Optional.empty(), LoaderBeans.throttlingBackoff());
        Quote later = quote(1).toBuilder().fetchedAt(quote(1).fetchedAt().plusSeconds(300)).pollId("p-2")
                .priceUsd(new BigDecimal("0.00000002")).build();

        int written = writer.write(List.of(later, quote(2), quote(1), quote(1)), "k", deadline(new MutableClock(T), Duration.ofMinutes(1)));

        assertThat(written).isEqualTo(2);
        assertThat(dynamo.requests).extracting(put -> put.item().get("version").s())
                .containsExactly(QuoteVersion.of(later), QuoteVersion.of(quote(2)));
    }

    @Test
    void retriesAThrottledPut_withBackoff_untilItIsWritten() {
        MutableClock clock = new MutableClock(T);
        int[] call = {0};
        FakeDynamo dynamo = new FakeDynamo(put -> {
            if (call[0]++ < 2) {
                throw ProvisionedThroughputExceededException.builder().message("slow down").build();
            }
            return PutItemResponse.builder().build();
        });
        List<Duration> waits = new ArrayList<>();
        HistoryWriter writer = new HistoryWriter(dynamo, "t", Optional.empty(), backoff(clock, waits));

        assertThat(writer.write(List.of(quote(1)), "k", deadline(clock, Duration.ofMinutes(1)))).isEqualTo(1);
        assertThat(dynamo.requests).hasSize(3);
        assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void failsNamingTheItemAndTheObject_whenAPutIsStillThrottledAtTheDeadline() {
        MutableClock clock = new MutableClock(T);
        FakeDynamo dynamo = new FakeDynamo(put -> {
            throw ProvisionedThroughputExceededException.builder().message("slow down").build();
        });
        List<Duration> waits = new ArrayList<>();
        HistoryWriter writer = new HistoryWriter(dynamo, "t", Optional.empty(), backoff(clock, waits));

        assertThatThrownBy(() -> writer.write(List.of(quote(1), quote(2)), "quotes/x.jsonl", deadline(clock, Duration.ofSeconds(2))))
                .isInstanceOf(ThrottledException.class)
                .hasMessageContaining("the history item COIN#SHIB/TS#2026-11-21T18:05:01.250Z#simulated from s3 object quotes/x.jsonl")
                .hasMessageContaining("Lambda retries the event");
        // 50 + 100 + 200 + 400 + 800 ms = 1.55 s; the next wait (1.6 s) would pass the 2 s deadline.
        assertThat(waits).hasSize(5);
        assertThat(clock.instant()).isEqualTo(T.plusMillis(1550));
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
