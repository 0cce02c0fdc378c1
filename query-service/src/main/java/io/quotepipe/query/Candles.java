package io.quotepipe.query;

import java.time.Instant;
import java.util.List;

/**
 * A coin's candles in a time range, oldest first.
 *
 * @param symbol    the coin
 * @param interval  {@code 1h} or {@code 1d}
 * @param from      start of the range: candles whose interval contains it or starts later are included
 * @param to        end of the range: candles that start at or before it are included
 * @param count     how many candles follow
 * @param truncated true when the range held more than {@code quotepipe.query.max-items} candles
 * @param candles   the candles
 */
public record Candles(String symbol, String interval, Instant from, Instant to, int count, boolean truncated,
        List<Candle> candles) {

    public Candles {
        candles = List.copyOf(candles);
    }
}
