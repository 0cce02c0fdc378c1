package io.quotepipe.loader.rollup;

import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Quote;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rollups as a recomputation from history gives them, written from the definitions and independently of the
 * loader's merge code: open = first by time (then lowest price), close = last by time (then lowest price), high and
 * low = extreme price (then earliest); latest = the greatest history sort key {@code TS#<observedAt>#<source>}.
 */
public final class Recompute {

    private Recompute() {
    }

    public static Map<CandleKey, Candle> candles(Collection<Quote> history) {
        Map<CandleKey, List<Quote>> byCandle = new LinkedHashMap<>();
        for (Quote q : history) {
            for (Interval interval : Interval.values()) {
                byCandle.computeIfAbsent(CandleKey.of(interval, q.symbol(), q.observedAt()), k -> new ArrayList<>()).add(q);
            }
        }
        Comparator<Quote> byTime = Comparator.comparing(Quote::observedAt);
        Comparator<Quote> byPrice = Comparator.comparing(Quote::priceUsd);
        Map<CandleKey, Candle> candles = new HashMap<>();
        byCandle.forEach((key, quotes) -> {
            Quote open = quotes.stream().min(byTime.thenComparing(byPrice)).orElseThrow();
            Quote close = quotes.stream().min(byTime.reversed().thenComparing(byPrice)).orElseThrow();
            Quote high = quotes.stream().min(byPrice.reversed().thenComparing(byTime)).orElseThrow();
            Quote low = quotes.stream().min(byPrice.thenComparing(byTime)).orElseThrow();
            candles.put(key, Candle.ofStored(Map.of(
                    CandleField.OPEN, point(open), CandleField.HIGH, point(high),
                    CandleField.LOW, point(low), CandleField.CLOSE, point(close))));
        });
        return candles;
    }

    public static Map<String, Quote> latest(Collection<Quote> history) {
        return history.stream().collect(Collectors.groupingBy(Quote::symbol, Collectors.collectingAndThen(
                Collectors.maxBy(Comparator.comparing(Quote::observedAt).thenComparing(Quote::source)),
                o -> o.orElseThrow())));
    }

    private static Point point(Quote q) {
        return new Point(q.priceUsd(), q.observedAt());
    }
}
