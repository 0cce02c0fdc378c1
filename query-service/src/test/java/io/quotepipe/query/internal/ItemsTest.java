package io.quotepipe.query.internal;

import io.quotepipe.core.Quote;
import io.quotepipe.core.Times;
import io.quotepipe.query.Candle;
import io.quotepipe.query.testing.Seed;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemsTest {

    private static final Seed SEED = Seed.of(Times.parse("2026-11-21T18:05:00.000Z"));

    @Test
    void readsAHistoryItemBackIntoTheQuoteItWasWrittenFrom() {
        Quote quote = SEED.latest("BTC");

        assertThat(Items.quote(Seed.historyItem(quote))).isEqualTo(quote);
    }

    @Test
    void keepsEveryDigitOfADecimal() {
        Map<String, AttributeValue> item = Seed.historyItem(SEED.latest("PEPE"));
        item.put("priceUsd", AttributeValue.fromN("0.000000012345678901234567890123456789"));

        assertThat(Items.quote(item).priceUsd()).isEqualTo(new BigDecimal("0.000000012345678901234567890123456789"));
    }

    @Test
    void leavesAbsentOptionalFieldsNull() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("LATEST"));
        item.put("sk", AttributeValue.fromS("COIN#XYZ"));
        item.put("source", AttributeValue.fromS("coincap"));
        item.put("symbol", AttributeValue.fromS("XYZ"));
        item.put("priceUsd", AttributeValue.fromN("1.5"));
        item.put("observedAt", AttributeValue.fromS("2026-11-21T18:05:00.000Z"));

        Quote quote = Items.quote(item);

        assertThat(quote.schemaVersion()).isEqualTo(1);
        assertThat(quote.rank()).isNull();
        assertThat(quote.change24hPct()).isNull();
        assertThat(quote.fetchedAt()).isNull();
    }

    @Test
    void namesTheItemAndTheAttribute_whenAnItemIsMalformed() {
        Map<String, AttributeValue> item = Seed.historyItem(SEED.latest("ETH"));
        item.put("priceUsd", AttributeValue.fromS("3512.42"));

        assertThatThrownBy(() -> Items.quote(item))
                .isInstanceOf(io.quotepipe.core.MalformedItemException.class)
                .hasMessageStartingWith("item pk=COIN#ETH sk=TS#2026-11-21T18:05:00.000Z#livecoinwatch: priceUsd is not a number (N)");
    }

    @Test
    void refusesAQuoteWithoutPrice() {
        Map<String, AttributeValue> item = Seed.historyItem(SEED.latest("ETH"));
        item.remove("priceUsd");

        assertThatThrownBy(() -> Items.quote(item)).hasMessageEndingWith("a quote needs symbol, priceUsd and observedAt");
    }

    @Test
    void readsACandleWithItsStartFromTheSortKey() {
        Seed.Ohlc ohlc = SEED.candles("BTC", io.quotepipe.core.DynamoKeys.Interval.HOUR).getLast();

        Candle candle = Items.candle(Seed.candleItem(ohlc));

        assertThat(candle.start()).isEqualTo(Times.parse("2026-11-21T18:00:00.000Z"));
        assertThat(candle.open()).isEqualByComparingTo(ohlc.open().priceUsd());
        assertThat(candle.close()).isEqualByComparingTo(ohlc.close().priceUsd());
        assertThat(candle.high()).isEqualByComparingTo(ohlc.high().priceUsd());
        assertThat(candle.lowAt()).isEqualTo(ohlc.low().observedAt());
        assertThat(candle.closeAt()).isEqualTo(Times.parse("2026-11-21T18:05:00.000Z"));
    }
}
