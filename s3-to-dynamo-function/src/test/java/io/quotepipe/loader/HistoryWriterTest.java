package io.quotepipe.loader;

import io.quotepipe.core.Quote;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryWriterTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00.250Z");
    static final Quote QUOTE = Quote.builder().source("simulated").symbol("SHIB").name("Shiba Inu").rank(11)
            .priceUsd(new BigDecimal("0.000000012345")).marketCapUsd(new BigDecimal("123456789012345.67"))
            .change1hPct(new BigDecimal("-0.13")).observedAt(T).fetchedAt(T.plusMillis(412)).pollId("p-1").build();

    static LoaderConfig config(Optional<Duration> retention) {
        return new LoaderConfig() {
            public Dynamodb dynamodb() {
                return () -> "crypto-quotes";
            }

            public Loader loader() {
                return () -> retention;
            }
        };
    }

    @Test
    void mapsAQuoteToAHistoryItem_withExactDecimalsAndLineage() {
        HistoryWriter writer = new HistoryWriter(null, config(Optional.empty()), Clock.fixed(T, ZoneOffset.UTC));

        Map<String, AttributeValue> item = writer.item(QUOTE, "quotes/dt=2026-11-21/hour=18/t-0-0000000000000000000.jsonl.gz");

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
    void setsTheTtl_fromObservedAt_whenRetentionIsSet() {
        HistoryWriter writer = new HistoryWriter(null, config(Optional.of(Duration.ofDays(30))), Clock.fixed(T, ZoneOffset.UTC));

        Map<String, AttributeValue> item = writer.item(QUOTE, "k");

        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(T.plus(Duration.ofDays(30)).getEpochSecond()));
    }
}
