package io.quotepipe.core;

import io.quotepipe.core.DynamoKeys.Interval;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An hourly or daily OHLC item of the table (docs/design.md), defined once: {@code OHLC#<1h|1d>#<symbol>} /
 * {@code <interval start>} with {@code symbol}, {@code interval}, and for each of the four fields a price ({@code N})
 * and the time it was observed ({@code S}). The loader writes it and query-service reads it.
 *
 * <p>A point read from the table may be missing (null price and time) when the item lacks it; a written item has all
 * four.
 *
 * @param interval hour or day
 * @param symbol   the coin
 * @param start    start of the interval (UTC), the sort key
 */
public record CandleItem(Interval interval, String symbol, Instant start,
        BigDecimal open, Instant openAt, BigDecimal high, Instant highAt,
        BigDecimal low, Instant lowAt, BigDecimal close, Instant closeAt) {

    public static final String SYMBOL = QuoteItems.SYMBOL;
    public static final String INTERVAL = "interval";
    /**
     * How many times the loader has written this candle ({@code N}); each write is conditioned on the count it read,
     * so two loaders recomputing one candle at once cannot overwrite each other's newer sources (docs/design.md).
     */
    public static final String REV = "rev";

    public CandleItem {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(start, "start");
    }

    /** The four fields of a candle, with the names of their price and time attributes. */
    public enum Field {
        OPEN("open", "openAt"),
        HIGH("high", "highAt"),
        LOW("low", "lowAt"),
        CLOSE("close", "closeAt");

        private final String priceAttribute;
        private final String timeAttribute;

        Field(String priceAttribute, String timeAttribute) {
            this.priceAttribute = priceAttribute;
            this.timeAttribute = timeAttribute;
        }

        /** {@code open}, {@code high}, {@code low}, {@code close} ({@code N}). */
        public String priceAttribute() {
            return priceAttribute;
        }

        /** {@code openAt}, ... ({@code S}). */
        public String timeAttribute() {
            return timeAttribute;
        }

        /** This field's price in {@code c}, or null. */
        public BigDecimal price(CandleItem c) {
            return switch (this) {
                case OPEN -> c.open;
                case HIGH -> c.high;
                case LOW -> c.low;
                case CLOSE -> c.close;
            };
        }

        /** This field's time in {@code c}, or null. */
        public Instant at(CandleItem c) {
            return switch (this) {
                case OPEN -> c.openAt;
                case HIGH -> c.highAt;
                case LOW -> c.lowAt;
                case CLOSE -> c.closeAt;
            };
        }
    }

    public String pk() {
        return DynamoKeys.candlePk(interval, symbol);
    }

    public String sk() {
        return Times.format(start);
    }

    /** The whole item; every field must be present. */
    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(16);
        item.put(DynamoKeys.PK, QuoteItems.s(pk()));
        item.put(DynamoKeys.SK, QuoteItems.s(sk()));
        item.put(SYMBOL, QuoteItems.s(symbol));
        item.put(INTERVAL, QuoteItems.s(interval.token()));
        for (Field f : Field.values()) {
            BigDecimal price = Objects.requireNonNull(f.price(this), f.priceAttribute());
            Instant at = Objects.requireNonNull(f.at(this), f.timeAttribute());
            item.put(f.priceAttribute(), QuoteItems.number(price));
            item.put(f.timeAttribute(), QuoteItems.s(Times.format(at)));
        }
        return item;
    }

    /**
     * A candle item as stored; a field whose price or time is missing is null in both.
     *
     * @throws MalformedItemException when the item is not an {@code OHLC#} item of this layout
     */
    public static CandleItem of(Map<String, AttributeValue> item) {
        String pk = QuoteItems.string(item, DynamoKeys.PK);
        Instant start = QuoteItems.time(item, DynamoKeys.SK);
        if (pk == null || start == null || !pk.startsWith("OHLC#")) {
            throw new MalformedItemException(item, "a candle needs pk OHLC#<interval>#<symbol> and a start (sk)");
        }
        String[] parts = pk.split("#", 3);
        Interval interval = parts.length < 3 ? null : Interval.ofToken(parts[1]);
        if (interval == null) {
            throw new MalformedItemException(item, "a candle's pk is OHLC#1h#<symbol> or OHLC#1d#<symbol>");
        }
        BigDecimal[] prices = new BigDecimal[4];
        Instant[] times = new Instant[4];
        for (Field f : Field.values()) {
            BigDecimal price = QuoteItems.decimal(item, f.priceAttribute());
            Instant at = QuoteItems.time(item, f.timeAttribute());
            if (price != null && at != null) {
                prices[f.ordinal()] = price;
                times[f.ordinal()] = at;
            }
        }
        return new CandleItem(interval, parts[2], start, prices[0], times[0], prices[1], times[1], prices[2], times[2],
                prices[3], times[3]);
    }

    /** Whether all four fields are present. */
    public boolean complete() {
        for (Field f : Field.values()) {
            if (f.price(this) == null) {
                return false;
            }
        }
        return true;
    }
}
