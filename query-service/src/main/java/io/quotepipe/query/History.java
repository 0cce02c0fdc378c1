package io.quotepipe.query;

import io.quotepipe.core.Quote;

import java.time.Instant;
import java.util.List;

/**
 * A coin's quotes in a time range, oldest first, perhaps downsampled.
 *
 * @param symbol    the coin
 * @param from      start of the range (inclusive)
 * @param to        end of the range (inclusive)
 * @param step      the downsampling step as an ISO-8601 duration ({@code PT1H}), or null when every quote is returned
 * @param source    the provider the quotes were limited to, or null for all
 * @param count     how many quotes follow
 * @param truncated true when the range held more items than {@code quotepipe.query.max-items}: the quotes stop early
 * @param quotes    the quotes (Quote JSON v1); with a step, the last quote of each step-wide bucket
 */
public record History(String symbol, Instant from, Instant to, String step, String source, int count,
        boolean truncated, List<Quote> quotes) {

    public History {
        quotes = List.copyOf(quotes);
    }
}
