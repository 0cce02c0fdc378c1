package io.quotepipe.poller.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A successful (2xx) provider answer.
 *
 * @param status     the HTTP status
 * @param body       the body's bytes
 * @param date       the provider's {@code Date} header: its clock, when the answer has no time of its own
 * @param receivedAt our clock when the body was complete: {@code fetchedAt}
 * @param elapsed    time spent in HTTP for this answer, retries and backoff included
 */
public record HttpAnswer(int status, byte[] body, Optional<Instant> date, Instant receivedAt, Duration elapsed) {
}
