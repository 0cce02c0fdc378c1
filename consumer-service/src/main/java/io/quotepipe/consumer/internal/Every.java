package io.quotepipe.consumer.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A periodic chore of the loop (lag gauges, the alerts' flush), due at most once per interval of the loop's clock. */
final class Every {

    private final Duration interval;
    private Instant last = Instant.MIN;

    Every(Duration interval) {
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** Whether the chore is due at {@code now}; if so, the next one is due an interval later. */
    boolean due(Instant now) {
        if (now.isBefore(last.plus(interval))) {
            return false;
        }
        last = now;
        return true;
    }
}
