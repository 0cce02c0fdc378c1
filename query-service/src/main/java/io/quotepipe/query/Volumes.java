package io.quotepipe.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The traded volume under a coin's candles: for each candle, the 24-hour volume reported by the quote that closed it.
 * For a daily candle that is the day's volume as the provider saw it at the day's last poll; for an hourly candle it
 * is the rolling 24-hour volume at the hour's close (no provider reports an hour's own volume).
 *
 * @param symbol    the coin
 * @param interval  {@code 1h} or {@code 1d}
 * @param from      start of the range, as for the candles
 * @param to        end of the range
 * @param count     how many points follow
 * @param truncated true when the range held more candles than are looked up ({@value VolumeQueries#MAX_POINTS}): the
 *                  newest are given
 * @param points    oldest first
 */
public record Volumes(String symbol, String interval, Instant from, Instant to, int count, boolean truncated,
        List<Point> points) {

    public Volumes {
        points = List.copyOf(points);
    }

    /**
     * @param start        the candle's start
     * @param at           when the closing quote was observed
     * @param volume24hUsd its 24-hour volume in USD
     */
    public record Point(Instant start, Instant at, BigDecimal volume24hUsd) {
    }
}
