package io.quotepipe.poller.testing;

import io.quotepipe.core.time.Sleeper;

import io.quotepipe.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when told, and a {@link Sleeper} that moves it instead of sleeping: retries,
 * Retry-After and rate limits take no wall time in tests, and what was waited is recorded.
 */
public final class TestClock extends MutableClock {
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public TestClock(Instant start) {
        super(start);
    }

    /** Starts at the real time, so that providers' Date headers and our clock agree. */
    public static TestClock startingNow() {
        return new TestClock(Instant.now());
    }

    /** Sleeps by moving this clock; records each wait. */
    public Sleeper sleeper() {
        return d -> {
            sleeps.add(d);
            advance(d);
        };
    }

    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
