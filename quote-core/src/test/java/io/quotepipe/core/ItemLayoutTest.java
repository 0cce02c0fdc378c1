package io.quotepipe.core;

import io.quotepipe.core.DynamoKeys.Interval;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one item layout: what the loader writes, query-service reads back as it was. */
class ItemLayoutTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00.000Z");
    static final Quote QUOTE = Quote.builder().source("livecoinwatch").symbol("BTC").name("Bitcoin").rank(1)
            .priceUsd(new BigDecimal("0.000000012345678901234567890123456789")).volume24hUsd(new BigDecimal("24721785938"))
            .change1hPct(new BigDecimal("-0.13")).observedAt(T).fetchedAt(T.plusMillis(412)).pollId("p-1").build();

    @Test
    void readsAHistoryItemBackIntoTheQuoteItWasWrittenFrom_withKeysLineageAndTtl() {
        Map<String, AttributeValue> item = QuoteItems.history(QUOTE, "quotes/x.jsonl.gz", Optional.of(Duration.ofDays(30)));

        assertThat(QuoteItems.quote(item)).isEqualTo(QUOTE);
        assertThat(item.get(DynamoKeys.PK).s()).isEqualTo("COIN#BTC");
        assertThat(item.get(DynamoKeys.SK).s()).isEqualTo("TS#2026-11-21T18:05:00.000Z#livecoinwatch");
        assertThat(item.get(QuoteItems.S3_KEY).s()).isEqualTo("quotes/x.jsonl.gz");
        assertThat(QuoteItems.expiresAt(item)).contains(T.plus(Duration.ofDays(30)));
        assertThat(item.get(QuoteItems.VERSION).s()).isEqualTo(QuoteVersion.of(QUOTE)).startsWith("2026-11-21T18:05:00.412Z#p-1#");
        assertThat(item).doesNotContainKeys(QuoteItems.MARKET_CAP_USD, QuoteItems.CHANGE_7D_PCT);
    }

    @Test
    void writesTheLatestSnapshotWithoutTtl() {
        Map<String, AttributeValue> item = QuoteItems.latest(QUOTE, "k");

        assertThat(QuoteItems.quote(item)).isEqualTo(QUOTE);
        assertThat(item.get(DynamoKeys.PK).s()).isEqualTo("LATEST");
        assertThat(item).doesNotContainKey(QuoteItems.EXPIRES_AT);
    }

    @Test
    void readsACandleItemBackAsItWasWritten() {
        CandleItem candle = new CandleItem(Interval.DAY, "BTC", Instant.parse("2026-11-21T00:00:00.000Z"),
                new BigDecimal("1.5"), T, new BigDecimal("2.5"), T.plusSeconds(60), new BigDecimal("0.5"), T.plusSeconds(120),
                new BigDecimal("1.25"), T.plusSeconds(180));

        Map<String, AttributeValue> item = candle.toItem();

        assertThat(item.get(DynamoKeys.PK).s()).isEqualTo("OHLC#1d#BTC");
        assertThat(item.get(DynamoKeys.SK).s()).isEqualTo("2026-11-21T00:00:00.000Z");
        assertThat(item.get("close").n()).isEqualTo("1.25");
        assertThat(item.get("highAt").s()).isEqualTo("2026-11-21T18:06:00.000Z");
        assertThat(CandleItem.of(item)).isEqualTo(candle);
        assertThat(CandleItem.of(item).complete()).isTrue();
    }

    @Test
    void namesTheItemAndTheAttribute_whenAnItemIsMalformed() {
        Map<String, AttributeValue> item = new java.util.HashMap<>(QuoteItems.history(QUOTE, "k", Optional.empty()));
        item.put(QuoteItems.PRICE_USD, AttributeValue.fromS("1.5"));

        assertThatThrownBy(() -> QuoteItems.quote(item)).isInstanceOf(MalformedItemException.class)
                .hasMessage("item pk=COIN#BTC sk=TS#2026-11-21T18:05:00.000Z#livecoinwatch: priceUsd is not a number (N): "
                        + AttributeValue.fromS("1.5"));
    }
}
