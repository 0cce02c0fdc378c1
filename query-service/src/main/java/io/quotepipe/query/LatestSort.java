package io.quotepipe.query;

import io.quotepipe.core.Quote;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The orders in which the latest quotes can be listed, by their query parameter value. */
public enum LatestSort {
    RANK("rank", q -> q.rank() == null ? null : BigDecimal.valueOf(q.rank()), true),
    PRICE("price", Quote::priceUsd, false),
    CHANGE_1H("change1h", Quote::change1hPct, false),
    CHANGE_24H("change24h", Quote::change24hPct, false);

    private final String param;
    private final Function<Quote, BigDecimal> key;
    private final boolean ascendingByDefault;

    LatestSort(String param, Function<Quote, BigDecimal> key, boolean ascendingByDefault) {
        this.param = param;
        this.key = key;
        this.ascendingByDefault = ascendingByDefault;
    }

    /** The query parameter value, e.g. {@code change24h}. */
    public String param() {
        return param;
    }

    /** Rank lists best first (ascending); prices and changes list biggest first. */
    public boolean ascendingByDefault() {
        return ascendingByDefault;
    }

    /** Every accepted parameter value, for error messages and the OpenAPI document. */
    public static List<String> params() {
        return Arrays.stream(values()).map(LatestSort::param).toList();
    }

    public static Optional<LatestSort> ofParam(String param) {
        return Arrays.stream(values()).filter(s -> s.param.equals(param)).findFirst();
    }

    /**
     * Orders by this field; quotes without it go last whatever the direction, and ties go by symbol so that the
     * order is stable from one refresh to the next.
     */
    public Comparator<Quote> comparator(boolean ascending) {
        Comparator<BigDecimal> values = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        return Comparator.comparing(key, Comparator.nullsLast(values))
                .thenComparing(Quote::symbol, Comparator.nullsLast(Comparator.naturalOrder()));
    }
}
