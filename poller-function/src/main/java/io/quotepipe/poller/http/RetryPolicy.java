package io.quotepipe.poller.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often and how long to wait before asking a provider again: exponential backoff with "equal
 * jitter" (half the step fixed, half random), so that many pollers retrying the same outage do not
 * hit the provider in step (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 *
 * @param maxAttempts attempts per request, the first included
 * @param base        the step before the second attempt; doubled for each further one
 * @param cap         the longest step
 * @param random      source of jitter
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap, RandomGenerator random) {

    public RetryPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(random, "random");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** The wait after failed attempt number {@code attempt} (1-based): in [step/2, step], step = min(cap, base * 2^(attempt-1)). */
    public Duration backoff(int attempt) {
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long step = baseNanos > (capNanos >> shift) ? capNanos : Math.min(capNanos, baseNanos << shift);
        long half = step / 2;
        return Duration.ofNanos(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }

    /**
     * The wait a {@code Retry-After} header asks for: delta-seconds or an HTTP-date
     * (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after). Empty when absent or unreadable.
     */
    public static Optional<Duration> retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // more digits than a long: no sensible wait
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
