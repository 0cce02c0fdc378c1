package io.quotepipe.loader.rollup;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * An OHLC candle's four points, as held in memory while an object is read and as stored in DynamoDB. Immutable.
 *
 * <p>{@link #merge} is the join of the rules of {@link CandleField}: {@code a.merge(b) == b.merge(a)},
 * {@code a.merge(a) == a}, and merging in any grouping gives the same candle. That is what keeps stored candles
 * equal to a recomputation from history whatever the order of arrival and however often an object is replayed.
 */
public final class Candle {

    private final EnumMap<CandleField, Point> points;

    private Candle(EnumMap<CandleField, Point> points) {
        this.points = points;
    }

    /** The candle of one quote: all four fields are that price at that time. */
    public static Candle of(BigDecimal price, Instant at) {
        Point p = new Point(price, at);
        EnumMap<CandleField, Point> points = new EnumMap<>(CandleField.class);
        for (CandleField f : CandleField.values()) {
            points.put(f, p);
        }
        return new Candle(points);
    }

    /**
     * A candle read back from the table; fields missing there are missing here.
     *
     * @param points some or all of the fields
     */
    public static Candle ofStored(Map<CandleField, Point> points) {
        EnumMap<CandleField, Point> copy = new EnumMap<>(CandleField.class);
        copy.putAll(points);
        return new Candle(copy);
    }

    /** The field's point, or null when a stored candle lacks it. */
    public Point get(CandleField field) {
        return points.get(field);
    }

    /** This candle and {@code other} together: each field keeps the point its rule prefers. */
    public Candle merge(Candle other) {
        EnumMap<CandleField, Point> merged = new EnumMap<>(CandleField.class);
        for (CandleField f : CandleField.values()) {
            Point mine = points.get(f);
            Point theirs = other.points.get(f);
            merged.put(f, mine == null ? theirs : theirs == null ? mine : f.best(mine, theirs));
        }
        merged.values().removeIf(Objects::isNull);
        return new Candle(merged);
    }

    /** Same points, field by field (prices compared numerically, as DynamoDB stores them). */
    public boolean sameAs(Candle other) {
        for (CandleField f : CandleField.values()) {
            Point a = points.get(f);
            Point b = other.points.get(f);
            if (a == null ? b != null : b == null || !a.sameAs(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Candle c && sameAs(c);
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<CandleField, Point> e : points.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + e.getValue().price().stripTrailingZeros().hashCode() + e.getValue().at().hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return "O " + points.get(CandleField.OPEN) + " H " + points.get(CandleField.HIGH) + " L " + points.get(CandleField.LOW)
                + " C " + points.get(CandleField.CLOSE);
    }
}
