package io.quotepipe.core.time;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff, the one policy every stage retries with: the n-th consecutive failure is followed by a wait of
 * at most {@code min(cap, base * 2^(n-1))} (the {@link #ceiling}), spread by a {@link Jitter} so that many clients
 * retrying the same outage do not come back in step
 * (https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/). Immutable and thread-safe when
 * its jitter is (the built-in ones are).
 *
 * @param base   the ceiling after the first failure; doubled for each further one
 * @param cap    the longest ceiling
 * @param jitter how a wait is drawn below its ceiling
 */
public record Backoff(Duration base, Duration cap, Jitter jitter) {

    /** Beyond this many doublings every ceiling is the cap anyway (and the shift would overflow). */
    private static final int MAX_DOUBLINGS = 62;

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(jitter, "jitter");
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 <= base <= cap, was base " + base + " and cap " + cap);
        }
    }

    /** The longest wait after failure number {@code failures} (1-based; less than 1 counts as 1). */
    public Duration ceiling(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), MAX_DOUBLINGS);
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        if (baseNanos == 0) {
            return Duration.ZERO;
        }
        // base * 2^doublings > cap, asked without overflowing
        return baseNanos > (capNanos >> doublings) ? cap : Duration.ofNanos(baseNanos << doublings);
    }

    /** The wait after failure number {@code failures} (1-based): the ceiling, spread by the jitter. */
    public Duration wait(int failures) {
        return jitter.spread(ceiling(failures));
    }
}
