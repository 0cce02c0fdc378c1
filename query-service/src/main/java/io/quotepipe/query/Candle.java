package io.quotepipe.query;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One hourly or daily OHLC rollup: the item {@code OHLC#<interval>#<symbol>} / {@code <start>} of docs/design.md.
 *
 * @param start   start of the hour or day (UTC), the item's sort key
 * @param open    first price of the interval
 * @param high    highest price
 * @param low     lowest price
 * @param close   last price
 * @param openAt  when the first price was observed
 * @param highAt  when the highest price was observed
 * @param lowAt   when the lowest price was observed
 * @param closeAt when the last price was observed
 */
public record Candle(Instant start, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
        Instant openAt, Instant highAt, Instant lowAt, Instant closeAt) {
}
