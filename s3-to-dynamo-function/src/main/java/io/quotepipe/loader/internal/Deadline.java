package io.quotepipe.loader.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time after which an invocation stops retrying throttled writes and fails, so that Lambda retries the whole
 * event instead of killing the function mid-write at its timeout. Every write is idempotent, so the retry is safe.
 *
 * @param start when the invocation started
 * @param at    the deadline
 * @param clock the clock both were read from
 */
public record Deadline(Instant start, Instant at, Clock clock) {

    public Deadline {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The deadline of an invocation starting now: {@code retryDeadline} from now, and, on Lambda, no later than
     * {@code margin} before the invocation's own timeout.
     *
     * @param lambdaRemaining what the Lambda context says is left ({@code Context.getRemainingTimeInMillis()}), or
     *                        null outside Lambda
     */
    public static Deadline forInvocation(Clock clock, Duration retryDeadline, Duration margin, Duration lambdaRemaining) {
        Instant now = clock.instant();
        Instant at = now.plus(retryDeadline);
        if (lambdaRemaining != null) {
            Instant beforeTimeout = now.plus(lambdaRemaining).minus(margin);
            if (beforeTimeout.isBefore(at)) {
                at = beforeTimeout.isBefore(now) ? now : beforeTimeout;
            }
        }
        return new Deadline(now, at, clock);
    }

    /** Whether waiting {@code wait} from now still ends by the deadline. */
    public boolean allows(Duration wait) {
        return !clock.instant().plus(wait).isAfter(at);
    }

    /** Time since the invocation started. */
    public Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    /** Length of the whole retry window. */
    public Duration window() {
        return Duration.between(start, at);
    }
}
