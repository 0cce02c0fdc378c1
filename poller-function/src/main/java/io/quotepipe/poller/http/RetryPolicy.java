package io.quotepipe.poller.http;

import io.quotepipe.core.time.Backoff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * How often and how long to wait before asking a provider again: {@code maxAttempts}, and between them quote-core's
 * {@link Backoff}, built with equal jitter ({@code Jitter.equal}: a retry never comes at once, and many pollers
 * retrying the same outage do not hit the provider in step). A provider's {@code Retry-After} takes precedence
 * ({@link #retryAfter}).
 *
 * @param maxAttempts attempts per request, the first included
 * @param waits       the wait after each failed attempt
 */
public record RetryPolicy(int maxAttempts, Backoff waits) {

    public RetryPolicy {
        Objects.requireNonNull(waits, "waits");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        return waits.wait(attempt);
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
