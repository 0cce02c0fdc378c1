package io.quotepipe.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The instant by which a unit of work (a poll, a loader invocation) must be done retrying and waiting, so that it ends
 * with a clear failure before its Lambda timeout kills it mid-write. Read against the clock it was made with, so that
 * tests move time instead of sleeping.
 *
 * @param start when the work started
 * @param at    the deadline
 * @param clock the clock both were read from, and every question is asked against
 */
public record Deadline(Instant start, Instant at, Clock clock) {

    public Deadline {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clock, "clock");
    }

    /** {@code budget} from now. */
    public static Deadline after(Clock clock, Duration budget) {
        return within(clock, budget, Optional.empty(), Duration.ZERO);
    }

    /**
     * {@code budget} from now, and, in Lambda, no later than {@code reserve} before the invocation's own end: the
     * reserve is what must still happen after the deadline (Kafka's acknowledgements, a margin). Never before now.
     *
     * @param timeLeft what the invocation has left ({@link #timeLeftInLambda}); empty outside Lambda
     */
    public static Deadline within(Clock clock, Duration budget, Optional<Duration> timeLeft, Duration reserve) {
        Instant now = clock.instant();
        Instant at = now.plus(budget);
        if (timeLeft.isPresent()) {
            Instant beforeEnd = now.plus(timeLeft.get()).minus(reserve);
            if (beforeEnd.isBefore(at)) {
                at = beforeEnd.isBefore(now) ? now : beforeEnd;
            }
        }
        return new Deadline(now, at, clock);
    }

    /**
     * What a Lambda invocation has left, from its context's {@code getRemainingTimeInMillis()}. Empty outside Lambda:
     * {@code AWS_LAMBDA_FUNCTION_NAME} is set by Lambda in every function's environment
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime) and by
     * the local Lambda host; without it (Quarkus's test mode) the context has no deadline, and its remaining time is an
     * overflowed {@code (int) (0 - now)} that depends on the wall clock and must not cut any budget.
     *
     * @param functionName    the {@code AWS_LAMBDA_FUNCTION_NAME} variable
     * @param remainingMillis the context's remaining time; null without a context
     */
    public static Optional<Duration> timeLeftInLambda(Optional<String> functionName, IntSupplier remainingMillis) {
        if (functionName.filter(n -> !n.isBlank()).isEmpty() || remainingMillis == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.max(0, remainingMillis.getAsInt())));
    }

    /** What remains; zero or negative once passed. */
    public Duration remaining() {
        return Duration.between(clock.instant(), at);
    }

    public boolean passed() {
        return !clock.instant().isBefore(at);
    }

    /** Whether waiting {@code wait} from now still ends by the deadline. */
    public boolean allows(Duration wait) {
        return !clock.instant().plus(wait).isAfter(at);
    }

    /** Time since the work started. */
    public Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    /** Length of the whole window, start to deadline. */
    public Duration window() {
        return Duration.between(start, at);
    }
}
