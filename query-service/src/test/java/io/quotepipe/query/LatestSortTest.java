package io.quotepipe.query;

import io.quotepipe.core.Quote;
import io.quotepipe.core.Times;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatestSortTest {

    private static Quote quote(String symbol, Integer rank, String price, String change24h) {
        return Quote.builder().source("coincap").symbol(symbol).rank(rank).priceUsd(new BigDecimal(price))
                .change24hPct(change24h == null ? null : new BigDecimal(change24h))
                .observedAt(Times.parse("2026-11-21T18:05:00Z")).fetchedAt(Times.parse("2026-11-21T18:05:00Z"))
                .pollId("p").build();
    }

    private final List<Quote> quotes = List.of(
            quote("ETH", 2, "3512.42", "-1.5"),
            quote("NEW", null, "0.5", null),
            quote("BTC", 1, "70835.6", "0.25"),
            quote("PEPE", 30, "0.000000012345", "12"));

    @Test
    void putsQuotesWithoutTheFieldLast_inEitherDirection() {
        assertThat(quotes.stream().sorted(LatestSort.RANK.comparator(true)).map(Quote::symbol))
                .containsExactly("BTC", "ETH", "PEPE", "NEW");
        assertThat(quotes.stream().sorted(LatestSort.RANK.comparator(false)).map(Quote::symbol))
                .containsExactly("PEPE", "ETH", "BTC", "NEW");
        assertThat(quotes.stream().sorted(LatestSort.CHANGE_24H.comparator(false)).map(Quote::symbol))
                .containsExactly("PEPE", "BTC", "ETH", "NEW");
    }

    @Test
    void comparesPricesAsDecimals() {
        assertThat(quotes.stream().sorted(LatestSort.PRICE.comparator(true)).map(Quote::symbol))
                .containsExactly("PEPE", "NEW", "ETH", "BTC");
    }

    @Test
    void breaksTiesBySymbol_soThatRefreshesKeepTheirOrder() {
        List<Quote> tied = List.of(quote("B", 1, "1", "1"), quote("A", 1, "1", "1"));

        assertThat(tied.stream().sorted(LatestSort.CHANGE_24H.comparator(false)).map(Quote::symbol))
                .containsExactly("A", "B");
    }
}
