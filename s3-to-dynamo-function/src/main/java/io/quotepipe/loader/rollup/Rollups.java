package io.quotepipe.loader.rollup;

import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Quote;

import java.util.HashMap;
import java.util.Map;

/**
 * Pre-aggregates the quotes of one object before anything is written: one candle per (interval, coin, interval start)
 * and one latest quote per coin. A 10,000-line object of 50 coins within one hour then costs 100 candle writes and
 * 50 latest writes instead of 20,000 and 10,000.
 *
 * <p>Because {@link Candle#merge} and {@link Latest#newest} are order-free joins, writing these aggregates gives the
 * table the same content as writing each quote on its own. That also lets the loader flush early when an object
 * spans more candles than fit in memory ({@link #isFull()}): correctness never depends on one write per candle. Not
 * thread-safe: one per object being read.
 */
public final class Rollups {

    private final int maxEntries;
    private Map<CandleKey, Candle> candles = new HashMap<>();
    private Map<String, Quote> latest = new HashMap<>();

    /** @param maxEntries candles plus coins after which {@link #isFull()} asks for a flush */
    public Rollups(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** Adds a valid quote to its hourly and daily candle and to its coin's latest. */
    public void add(Quote quote) {
        Candle one = Candle.of(quote.priceUsd(), quote.observedAt());
        for (Interval interval : Interval.values()) {
            candles.merge(CandleKey.of(interval, quote.symbol(), quote.observedAt()), one, Candle::merge);
        }
        latest.merge(quote.symbol(), quote, Latest::newest);
    }

    public boolean isFull() {
        return candles.size() + latest.size() >= maxEntries;
    }

    public boolean isEmpty() {
        return candles.isEmpty() && latest.isEmpty();
    }

    /** Hands over what was aggregated so far and starts afresh. */
    public Drained drain() {
        Drained drained = new Drained(candles, latest);
        candles = new HashMap<>();
        latest = new HashMap<>();
        return drained;
    }

    /**
     * @param candles one merged candle per key
     * @param latest  the newest quote per coin
     */
    public record Drained(Map<CandleKey, Candle> candles, Map<String, Quote> latest) {
    }
}
