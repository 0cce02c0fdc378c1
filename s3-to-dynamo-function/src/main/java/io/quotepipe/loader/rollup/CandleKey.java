package io.quotepipe.loader.rollup;

import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Times;

import java.time.Instant;
import java.util.Objects;

/**
 * Which candle: {@code OHLC#1h#BTC} / {@code 2026-11-21T18:00:00.000Z}.
 *
 * @param interval hour or day
 * @param symbol   the coin
 * @param start    start of the interval (UTC)
 */
public record CandleKey(Interval interval, String symbol, Instant start) {

    public CandleKey {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(start, "start");
    }

    /** The candle of {@code interval} that a quote of {@code symbol} observed at {@code at} belongs to. */
    public static CandleKey of(Interval interval, String symbol, Instant at) {
        return new CandleKey(interval, symbol, interval.start(at));
    }

    public String pk() {
        return DynamoKeys.candlePk(interval, symbol);
    }

    public String sk() {
        return Times.format(start);
    }

    @Override
    public String toString() {
        return pk() + "/" + sk();
    }
}
