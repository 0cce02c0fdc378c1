package io.quotepipe.query.internal;

import io.quotepipe.core.Quote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Thins a time series to one quote per step: the last quote of each step-wide bucket, as a chart's close would.
 * Buckets are aligned to the epoch (a 1-hour step puts its bounds on the full hour), so that the same request
 * gives the same points on every refresh.
 */
public final class Downsampler {

    private Downsampler() {
    }

    /**
     * @param quotes oldest first, as a history query returns them
     * @param step   the bucket width, at least one millisecond
     * @return the last quote of every bucket that holds one, oldest first
     */
    public static List<Quote> lastPerBucket(List<Quote> quotes, Duration step) {
        long width = step.toMillis();
        if (width <= 0) {
            throw new IllegalArgumentException("step must be at least 1 ms, was " + step);
        }
        List<Quote> out = new ArrayList<>();
        long currentBucket = Long.MIN_VALUE;
        for (Quote quote : quotes) {
            long bucket = Math.floorDiv(quote.observedAt().toEpochMilli(), width);
            if (bucket == currentBucket && !out.isEmpty()) {
                out.set(out.size() - 1, quote);
            } else {
                out.add(quote);
                currentBucket = bucket;
            }
        }
        return out;
    }
}
