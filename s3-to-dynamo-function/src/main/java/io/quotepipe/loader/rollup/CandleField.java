package io.quotepipe.loader.rollup;

import io.quotepipe.core.CandleItem;

import java.util.Map;

/**
 * The four fields of an OHLC candle, each with the rule that decides which of two {@link Point}s it keeps.
 *
 * <p>Each rule is a strict total order on (price, time): two points tie only when they have the same price and the
 * same time, and then they are stored as the same attributes. So "keep the point that {@link #beats} the other" is
 * a maximum: commutative, associative and idempotent. A candle is the maximum of its quotes, field by field, and
 * therefore the same whatever the order of arrival, the batching, or how often a quote is replayed.
 *
 * <p>The Java rule ({@link #beats}) decides in memory (pre-aggregation of an object, and which fields an update
 * should try); the DynamoDB condition ({@link #condition}) decides in the table, atomically per item. They state the
 * same order and are kept side by side here so that one cannot change without the other. The attribute names are the item layout's ({@link CandleItem.Field}). Times are compared as
 * strings, which works because they all have the fixed-width form {@code 2026-11-21T18:05:00.000Z}; prices as
 * numbers ({@code N} compares numerically,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html).
 */
public enum CandleField {

    /** The first price of the interval; at equal times, the lower price. */
    OPEN(CandleItem.Field.OPEN, "#openAt > :openAt OR (#openAt = :openAt AND #open > :open)") {
        @Override
        public boolean beats(Point candidate, Point stored) {
            int time = candidate.at().compareTo(stored.at());
            return time < 0 || time == 0 && candidate.price().compareTo(stored.price()) < 0;
        }
    },
    /** The highest price of the interval; at equal prices, the earlier time. */
    HIGH(CandleItem.Field.HIGH, "#high < :high OR (#high = :high AND #highAt > :highAt)") {
        @Override
        public boolean beats(Point candidate, Point stored) {
            int price = candidate.price().compareTo(stored.price());
            return price > 0 || price == 0 && candidate.at().isBefore(stored.at());
        }
    },
    /** The lowest price of the interval; at equal prices, the earlier time. */
    LOW(CandleItem.Field.LOW, "#low > :low OR (#low = :low AND #lowAt > :lowAt)") {
        @Override
        public boolean beats(Point candidate, Point stored) {
            int price = candidate.price().compareTo(stored.price());
            return price < 0 || price == 0 && candidate.at().isBefore(stored.at());
        }
    },
    /** The last price of the interval; at equal times, the lower price. */
    CLOSE(CandleItem.Field.CLOSE, "#closeAt < :closeAt OR (#closeAt = :closeAt AND #close > :close)") {
        @Override
        public boolean beats(Point candidate, Point stored) {
            int time = candidate.at().compareTo(stored.at());
            return time > 0 || time == 0 && candidate.price().compareTo(stored.price()) < 0;
        }
    };

    private final String priceAttribute;
    private final String timeAttribute;
    private final String beatsStored;

    private final CandleItem.Field item;

    CandleField(CandleItem.Field item, String beatsStored) {
        this.item = item;
        this.priceAttribute = item.priceAttribute();
        this.timeAttribute = item.timeAttribute();
        this.beatsStored = beatsStored;
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

    /**
     * The DynamoDB condition "the value {@code :<price attribute>} at {@code :<time attribute>} beats what the item
     * holds", true as well when the item does not hold this field yet. It uses the names {@code #open}, {@code #openAt}
     * (see {@link #names()}) and the values {@code :open}, {@code :openAt}.
     */
    public String condition() {
        return "(attribute_not_exists(#" + timeAttribute + ") OR " + beatsStored + ")";
    }

    /** Expression attribute names of {@link #condition()}: {@code open} and {@code close} are reserved words in DynamoDB. */
    public Map<String, String> names() {
        return Map.of("#" + priceAttribute, priceAttribute, "#" + timeAttribute, timeAttribute);
    }
}
