package io.quotepipe.query;

import io.quotepipe.core.Quote;

import java.util.List;

/**
 * The latest quote of every coin, in the asked order.
 *
 * @param sort   the sort field, e.g. {@code rank}
 * @param order  {@code asc} or {@code desc}
 * @param count  how many quotes follow
 * @param quotes the quotes (Quote JSON v1)
 */
public record LatestQuotes(String sort, String order, int count, List<Quote> quotes) {

    public LatestQuotes {
        quotes = List.copyOf(quotes);
    }
}
