package io.quotepipe.consumer.internal;

import io.quotepipe.core.time.Backoff;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the loop may try one failing dependency again (S3 puts, offset commits, dead-letter sends), and when its
 * failures deserve an alert. The waits are quote-core's {@link Backoff}; this class adds the run of failures the loop
 * needs, because the loop never blocks: it asks {@link #ready} at each pass and goes on polling meanwhile. Time comes
 * from the caller, so tests need no sleeps. Not thread-safe: the poll loop's thread owns it.
 */
final class RetryGate {

    private final Backoff backoff;
    private final int alertAfterFailures;
    private int failures;
    private Instant nextAttempt;
    private Instant failingSince;

    /**
     * @param alertAfterFailures from this many consecutive failures on, {@link #alarming()} is true
     */
    RetryGate(Backoff backoff, int alertAfterFailures) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.alertAfterFailures = alertAfterFailures;
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
        Duration wait = backoff.wait(failures);
        nextAttempt = now.plus(wait);
        return wait;
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

    /** Whether the current run of failures is long enough for an operator to hear of it. */
    boolean alarming() {
        return failures >= alertAfterFailures;
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
