package io.quotepipe.loader.rollup;

import io.quotepipe.core.Times;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One price at one time: what each of a candle's four fields holds ({@code open}/{@code openAt}, ...).
 *
 * @param price the price in USD; compared numerically ({@code 1.0} equals {@code 1.00}), as DynamoDB compares {@code N}
 * @param at    when it was observed, to the millisecond
 */
public record Point(BigDecimal price, Instant at) {

    public Point {
        Objects.requireNonNull(price, "price");
        at = Times.millis(Objects.requireNonNull(at, "at"));
    }

    /** Same price (numerically) and same time: the two would be stored as the same attributes. */
    public boolean sameAs(Point other) {
        return price.compareTo(other.price) == 0 && at.equals(other.at);
    }

    @Override
    public String toString() {
        return price.toPlainString() + "@" + Times.format(at);
    }
}
