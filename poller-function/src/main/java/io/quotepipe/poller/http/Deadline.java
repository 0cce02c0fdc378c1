package io.quotepipe.poller.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The instant by which a poll must be done asking providers. Every wait (a request, a backoff, a
 * rate-limit pause) is cut to what remains, so that a poll plus its Kafka acknowledgements always
 * fits the Lambda timeout. Read against the injected clock, so tests move time instead of sleeping.
 *
 * @param at the instant
 */
public record Deadline(Instant at) {

    public Deadline {
        Objects.requireNonNull(at, "at");
    }

    /** {@code budget} from now on {@code clock}. */
    public static Deadline after(Clock clock, Duration budget) {
        return new Deadline(clock.instant().plus(budget));
    }

    /** What remains at {@code clock}'s now; zero or negative once passed. */
    public Duration remaining(Clock clock) {
        return Duration.between(clock.instant(), at);
    }

    public boolean passed(Clock clock) {
        return !clock.instant().isBefore(at);
    }
}
