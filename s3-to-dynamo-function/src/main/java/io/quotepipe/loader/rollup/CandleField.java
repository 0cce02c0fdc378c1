package io.quotepipe.loader.rollup;

import io.quotepipe.core.CandleItem;

/**
 * The four fields of an OHLC candle, each with the rule that decides which of two {@link Point}s it keeps.
 *
 * <p>Each rule is a strict total order on (price, time): two points tie only when they have the same price and the
 * same time, and then they are stored as the same attributes. So "keep the point that {@link #beats} the other" is
 * a maximum: commutative, associative and idempotent. A candle is the maximum of its quotes, field by field, and
 * therefore the same whatever the order of arrival, the batching, or how often a quote is replayed.
 *
 * <p>The loader recomputes a candle from its sources with these rules (an hour from its history items, a day from its
 * hourly candles), in memory; the attribute names are the item layout's ({@link CandleItem.Field}).
 */
public enum CandleField {

    /** The first price of the interval; at equal times, the lower price. */
    OPEN(CandleItem.Field.OPEN) {
        @Override
        public boolean beats(Point candidate, Point stored) {
            int time = candidate.at().compareTo(stored.at());
            return time < 0 || time == 0 && candidate.price().compareTo(stored.price()) < 0;
        }
    },
    /** The highest price of the interval; at equal prices, the earlier time. */
    HIGH(CandleItem.Field.HIGH) {
        @Override
        public boolean beats(Point candidate, Point stored) {
            int price = candidate.price().compareTo(stored.price());
            return price > 0 || price == 0 && candidate.at().isBefore(stored.at());
        }
    },
    /** The lowest price of the interval; at equal prices, the earlier time. */
    LOW(CandleItem.Field.LOW) {
        @Override
        public boolean beats(Point candidate, Point stored) {
            int price = candidate.price().compareTo(stored.price());
            return price < 0 || price == 0 && candidate.at().isBefore(stored.at());
        }
    },
    /** The last price of the interval; at equal times, the lower price. */
    CLOSE(CandleItem.Field.CLOSE) {
        @Override
        public boolean beats(Point candidate, Point stored) {
            int time = candidate.at().compareTo(stored.at());
            return time > 0 || time == 0 && candidate.price().compareTo(stored.price()) < 0;
        }
    };

    private final String priceAttribute;
    private final String timeAttribute;

    private final CandleItem.Field item;

    CandleField(CandleItem.Field item) {
        this.item = item;
        this.priceAttribute = item.priceAttribute();
        this.timeAttribute = item.timeAttribute();
    }

    /**
     * Whether {@code candidate} should replace {@code stored} in this field. Never true for two points that are the
     * same, so replaying a quote changes nothing.
     */
    public abstract boolean beats(Point candidate, Point stored);

    /** The better of two points for this field. */
    public Point best(Point a, Point b) {
        return beats(b, a) ? b : a;
    }

    /** The field of the table's item layout ({@link CandleItem}) that this rule decides. */
    public CandleItem.Field item() {
        return item;
    }

    /** Attribute of the price: {@code open}, {@code high}, {@code low}, {@code close} ({@code N}). */
    public String priceAttribute() {
        return priceAttribute;
    }

    /** Attribute of its time: {@code openAt}, ... ({@code S}). */
    public String timeAttribute() {
        return timeAttribute;
    }
}
