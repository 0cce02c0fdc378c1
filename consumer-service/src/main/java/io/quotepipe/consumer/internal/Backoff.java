package io.quotepipe.consumer.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for one failing dependency (S3 writes, offset commits, dead-letter
 * sends): after the n-th consecutive failure the next attempt waits a random time between half and
 * all of {@code initial * 2^(n-1)}, capped at {@code max}
 * (https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/).
 * Time comes from the caller, so tests need no sleeps. Not thread-safe.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int failures;
    private Instant nextAttempt;
    private Instant failingSince;

    Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    /** Whether an attempt may be made at {@code now}. */
    boolean ready(Instant now) {
        return nextAttempt == null || !now.isBefore(nextAttempt);
    }

    /** Records a failed attempt at {@code now}; returns the wait before the next one. */
    Duration failed(Instant now) {
        if (failures == 0) {
            failingSince = now;
        }
        failures++;
        long ceiling = initial.toMillis() << Math.min(failures - 1, 20);
        long capped = Math.min(ceiling, max.toMillis());
        long wait = ThreadLocalRandom.current().nextLong(capped / 2, capped + 1);
        nextAttempt = now.plusMillis(wait);
        return Duration.ofMillis(wait);
    }

    void succeeded() {
        failures = 0;
        nextAttempt = null;
        failingSince = null;
    }

    /** Consecutive failures since the last success. */
    int failures() {
        return failures;
    }

    /** When the current run of failures began; null while healthy. */
    Instant failingSince() {
        return failingSince;
    }

    /** When the next attempt may be made; null while healthy. */
    Instant nextAttempt() {
        return nextAttempt;
    }
}
