package io.quotepipe.poller.http;

import io.quotepipe.core.time.Deadline;
import io.quotepipe.core.time.Sleeper;
import io.quotepipe.poller.provider.ProviderException.Kind;
import io.quotepipe.poller.provider.ProviderException;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Sends one request to a provider with the poller's rules for the outside world:
 * <ul>
 *   <li>a read timeout per attempt that covers the whole answer, body included (the JDK's request
 *       timeout stops at the headers, so the exchange itself is bounded and cancelled);</li>
 *   <li>retries with backoff and jitter on timeouts, connection failures, 5xx and 429, a 429 waiting
 *       what its {@code Retry-After} asks;</li>
 *   <li>no retry on 400, 401, 403 (a bad key stays bad) nor on other 4xx;</li>
 *   <li>every wait cut to the poll's {@link Deadline}: when the next attempt could not finish in
 *       time, the provider fails now and the poll moves on to the next one.</li>
 * </ul>
 * Thread-safe; one per provider.
 */
public final class ProviderHttp {

    /** How much of an error body a message quotes. */
    private static final int SNIPPET_CHARS = 160;

    private final String provider;
    private final HttpClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy retry;
    private final Duration readTimeout;
    private final UnaryOperator<String> redact;
    private final String keyHint;

    /**
     * @param redact  applied to every piece of provider text quoted in a message (an error page may echo the key)
     * @param keyHint where the key is configured, for the advice on 400/401/403, e.g. {@code quotepipe.finnhub.api-key}
     */
    public ProviderHttp(String provider, HttpClient client, Clock clock, Sleeper sleeper, RetryPolicy retry,
                        Duration readTimeout, UnaryOperator<String> redact, String keyHint) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.redact = Objects.requireNonNull(redact, "redact");
        this.keyHint = Objects.requireNonNull(keyHint, "keyHint");
    }

    /**
     * Sends {@code request} until it succeeds, fails permanently, runs out of attempts or of time.
     *
     * @param what     what is asked, for messages, e.g. {@code POST /coins/list offset 100}; never the key
     * @param deadline when the poll must be done asking
     * @throws ProviderException with the kind that decides the alert's advice
     */
    public HttpAnswer send(String what, HttpRequest request, Deadline deadline) throws ProviderException {
        long start = System.nanoTime();
        String last = "no attempt made";
        for (int attempt = 1; ; attempt++) {
            Duration remaining = deadline.remaining();
            if (remaining.isNegative() || remaining.isZero()) {
                throw new ProviderException(provider, Kind.UNAVAILABLE, what + ": the poll's deadline passed after "
                        + (attempt - 1) + " attempt(s); last: " + last);
            }
            Duration timeout = remaining.compareTo(readTimeout) < 0 ? remaining : readTimeout;
            Duration wait;
            Kind kindIfLast;
            try {
                HttpResponse<byte[]> response = exchange(request, timeout);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new HttpAnswer(status, response.body(), date(response), clock.instant(),
                            Duration.ofNanos(System.nanoTime() - start));
                }
                last = "HTTP " + status + describe(response);
                if (status == 400 || status == 401 || status == 403) {
                    throw new ProviderException(provider, Kind.REJECTED, what + ": " + last
                            + ". The provider rejects the request: check its API key (" + keyHint + ")"
                            + (status == 400 ? " and the poller's settings for it" : ""));
                }
                if (status == 429) {
                    kindIfLast = Kind.RATE_LIMITED;
                    Optional<Duration> asked = RetryPolicy.retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock);
                    wait = asked.orElse(retry.backoff(attempt));
                    if (asked.isPresent() && asked.get().compareTo(deadline.remaining()) >= 0) {
                        throw new ProviderException(provider, Kind.RATE_LIMITED, what + ": " + last + "; it asks to wait "
                                + asked.get().toSeconds() + " s (Retry-After), past the poll's deadline");
                    }
                } else if (status >= 500) {
                    kindIfLast = Kind.UNAVAILABLE;
                    wait = retry.backoff(attempt);
                } else {
                    throw new ProviderException(provider, Kind.BAD_RESPONSE, what + ": " + last
                            + ". Check the provider's URL setting and its API documentation");
                }
            } catch (TimeoutException e) {
                last = "no complete answer within " + timeout.toMillis() + " ms (read timeout)";
                kindIfLast = Kind.UNAVAILABLE;
                wait = retry.backoff(attempt);
            } catch (IOException e) {
                last = "connection to " + request.uri().getHost() + ":" + port(request) + " failed: " + redact.apply(describe(e));
                kindIfLast = Kind.UNAVAILABLE;
                wait = retry.backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(provider, Kind.UNAVAILABLE, what + ": interrupted");
            }
            if (attempt >= retry.maxAttempts()) {
                throw new ProviderException(provider, kindIfLast, what + ": failed " + attempt + " attempt(s); last: " + last);
            }
            if (wait.compareTo(deadline.remaining()) >= 0) {
                throw new ProviderException(provider, kindIfLast, what + ": failed " + attempt
                        + " attempt(s) and the next one would pass the poll's deadline; last: " + last);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(provider, Kind.UNAVAILABLE, what + ": interrupted during backoff; last: " + last);
            }
        }
    }

    /**
     * One attempt, bounded as a whole: cancelling the future aborts the exchange (JDK 16+), so a
     * provider that trickles its body cannot hold the poll.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        HttpRequest bounded = HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(bounded, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new TimeoutException(cause.getMessage());
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    private Optional<Instant> date(HttpResponse<?> response) {
        return response.headers().firstValue("Date").flatMap(d -> {
            try {
                return Optional.of(ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private static int port(HttpRequest request) {
        int port = request.uri().getPort();
        return port >= 0 ? port : "https".equals(request.uri().getScheme()) ? 443 : 80;
    }

    /** The messages of an I/O failure's cause chain; the JDK's ConnectException often has none of its own. */
    private static String describe(IOException e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 300; t = t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
            if (out.indexOf(text) < 0) {
                out.append(out.isEmpty() ? "" : " / ").append(text);
            }
        }
        return out.toString();
    }

    /** {@code  (text/html: "<html>…502 Bad Gateway…")}: enough to tell an HTML error page from an API error. */
    private String describe(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("no content type");
        return " (" + type + ": \"" + snippet(response.body(), redact) + "\")";
    }

    /** The start of {@code body} on one line, redacted. */
    public static String snippet(byte[] body, UnaryOperator<String> redact) {
        if (body == null || body.length == 0) {
            return "";
        }
        // Redact before cutting, so that no part of a key survives at the cut.
        String text = redact.apply(new String(body, 0, Math.min(body.length, 65_536), StandardCharsets.UTF_8))
                .replaceAll("\\s+", " ").trim();
        return text.length() <= SNIPPET_CHARS ? text : text.substring(0, SNIPPET_CHARS) + "...";
    }
}
