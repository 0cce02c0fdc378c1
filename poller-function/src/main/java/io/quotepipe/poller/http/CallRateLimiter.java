package io.quotepipe.poller.http;

import io.quotepipe.core.time.Deadline;
import io.quotepipe.core.time.Sleeper;
import io.quotepipe.poller.provider.ProviderException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A client-side limit of calls per sliding window, for providers that count calls (Finnhub's free
 * tier: 60 a minute, https://finnhub.io/docs/api/rate-limit; CoinLore: about one a second). A call that would exceed it waits for
 * the window to slide, unless that wait would pass the poll's deadline: then the provider fails over.
 * The limit holds per container; the schedule and the symbol count keep the sum of containers under it.
 */
public final class CallRateLimiter {

    private final String provider;
    private final int perWindow;
    private final Duration window;
    private final Clock clock;
    private final Sleeper sleeper;
    /** Times of the calls in the last minute, oldest first. Guarded by {@code this}. */
    private final Deque<Instant> calls = new ArrayDeque<>();

    /** At most {@code perMinute} calls in any minute. */
    public CallRateLimiter(String provider, int perMinute, Clock clock, Sleeper sleeper) {
        this(provider, perMinute, Duration.ofMinutes(1), clock, sleeper);
    }

    /** At most {@code perWindow} calls in any {@code window}. */
    public CallRateLimiter(String provider, int perWindow, Duration window, Clock clock, Sleeper sleeper) {
        if (perWindow < 1) {
            throw new IllegalArgumentException("calls per window must be at least 1, got " + perWindow);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.provider = provider;
        this.perWindow = perWindow;
        this.window = window;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Takes one call, waiting until the sliding minute has room.
     *
     * @throws ProviderException RATE_LIMITED when room comes only after {@code deadline}
     */
    public synchronized void acquire(Deadline deadline) throws ProviderException {
        while (true) {
            Instant now = clock.instant();
            while (!calls.isEmpty() && !calls.peekFirst().plus(window).isAfter(now)) {
                calls.removeFirst();
            }
            if (calls.size() < perWindow) {
                calls.addLast(now);
                return;
            }
            Instant free = calls.peekFirst().plus(window);
            if (free.isAfter(deadline.at())) {
                throw new ProviderException(provider, ProviderException.Kind.RATE_LIMITED, "client-side limit of "
                        + perWindow + " calls " + (window.equals(Duration.ofMinutes(1)) ? "a minute" : "per " + window.toMillis() + " ms") + " reached; the next call is allowed at " + free
                        + ", after the poll's deadline. Poll fewer symbols or less often");
            }
            try {
                sleeper.sleep(Duration.between(now, free));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(provider, ProviderException.Kind.UNAVAILABLE,
                        "interrupted while waiting for the client-side rate limit");
            }
        }
    }
}
