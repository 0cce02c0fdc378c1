package io.quotepipe.core.time;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How a {@link Backoff} draws a wait below its ceiling. The two kinds AWS compares
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/):
 * <ul>
 *   <li>{@link #equal}: half the ceiling fixed, half random. A retry never comes at once, so a dependency that is down
 *   (S3, Kafka, a provider) is not asked again within milliseconds; the consumer and the poller use it.</li>
 *   <li>{@link #full}: anywhere from zero to the ceiling. Spreads the retries of many writers contending for one
 *   resource best (the least total work in AWS's comparison); the loader uses it for throttled DynamoDB writes, where
 *   several threads and containers retry against one table at once.</li>
 * </ul>
 */
@FunctionalInterface
public interface Jitter {

    /** No jitter: always the ceiling. For tests that count waits. */
    Jitter NONE = ceiling -> ceiling;

    /** A wait in [0, ceiling]. */
    Duration spread(Duration ceiling);

    /** In [ceiling/2, ceiling], drawn from the calling thread's {@link ThreadLocalRandom}. */
    static Jitter equal() {
        return ceiling -> equal(ceiling, ThreadLocalRandom.current());
    }

    /** In [ceiling/2, ceiling], drawn from {@code random} (seeded in tests). */
    static Jitter equal(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return ceiling -> equal(ceiling, random);
    }

    /** In [0, ceiling], drawn from the calling thread's {@link ThreadLocalRandom}. */
    static Jitter full() {
        return ceiling -> full(ceiling, ThreadLocalRandom.current());
    }

    /** In [0, ceiling], drawn from {@code random} (seeded in tests). */
    static Jitter full(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return ceiling -> full(ceiling, random);
    }

    private static Duration equal(Duration ceiling, RandomGenerator random) {
        long half = ceiling.toNanos() / 2;
        return Duration.ofNanos(ceiling.toNanos() - half + (half > 0 ? random.nextLong(half + 1) : 0));
    }

    private static Duration full(Duration ceiling, RandomGenerator random) {
        long nanos = ceiling.toNanos();
        return Duration.ofNanos(nanos > 0 ? random.nextLong(nanos + 1) : 0);
    }
}
