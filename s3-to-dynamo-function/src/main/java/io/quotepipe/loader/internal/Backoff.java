package io.quotepipe.loader.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Waits between retries of throttled writes: exponential backoff with "full jitter", a random wait between 0 and
 * {@code min(cap, base * 2^(retry-1))}, which spreads the retries of concurrent writers instead of having them hit
 * the table in lockstep (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/, and the
 * BatchWriteItem guidance: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.BatchOperations).
 * Thread-safe.
 */
public final class Backoff {

    /** Pauses the calling thread; a seam so that tests advance a clock instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final Duration BASE = Duration.ofMillis(50);
    public static final Duration CAP = Duration.ofSeconds(5);

    private final Duration base;
    private final Duration cap;
    private final Sleeper sleeper;
    private final LongUnaryOperator random;

    /**
     * @param random given a bound n > 0, a number in [0, n]
     */
    public Backoff(Duration base, Duration cap, Sleeper sleeper, LongUnaryOperator random) {
        this.base = Objects.requireNonNull(base, "base");
        this.cap = Objects.requireNonNull(cap, "cap");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** 50 ms doubling up to 5 s, real sleeps. */
    public static Backoff standard() {
        return new Backoff(BASE, CAP, d -> Thread.sleep(d.toMillis()),
                bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** The longest wait before retry number {@code retry} (1-based). */
    public Duration ceiling(int retry) {
        int doublings = Math.min(retry - 1, 30);
        long millis = base.toMillis() << doublings;
        return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
    }

    /**
     * Waits before retry number {@code retry}, unless that wait would end after {@code deadline}.
     *
     * @return false, without waiting, when the deadline does not leave room for the wait
     */
    public boolean pause(int retry, Deadline deadline) {
        Duration wait = Duration.ofMillis(random.applyAsLong(ceiling(retry).toMillis()));
        if (!deadline.allows(wait)) {
            return false;
        }
        try {
            sleeper.sleep(wait); // a backoff before a retry, not a synchronisation
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off before retrying a throttled DynamoDB write", e);
        }
    }
}
