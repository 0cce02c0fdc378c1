package io.quotepipe.poller.http;

import io.quotepipe.poller.provider.ProviderException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A client-side limit of calls per sliding minute, for providers that count calls (Finnhub's free
 * tier: 60 a minute, https://finnhub.io/docs/api/rate-limit). A call that would exceed it waits for
 * the window to slide, unless that wait would pass the poll's deadline: then the provider fails over.
 * The limit holds per container; the schedule and the symbol count keep the sum of containers under it.
 */
public final class CallRateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final String provider;
    private final int perMinute;
    private final Clock clock;
    private final Sleeper sleeper;
    /** Times of the calls in the last minute, oldest first. Guarded by {@code this}. */
    private final Deque<Instant> calls = new ArrayDeque<>();

    public CallRateLimiter(String provider, int perMinute, Clock clock, Sleeper sleeper) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1, got " + perMinute);
        }
        this.provider = provider;
        this.perMinute = perMinute;
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
            while (!calls.isEmpty() && !calls.peekFirst().plus(WINDOW).isAfter(now)) {
                calls.removeFirst();
            }
            if (calls.size() < perMinute) {
                calls.addLast(now);
                return;
            }
            Instant free = calls.peekFirst().plus(WINDOW);
            if (free.isAfter(deadline.at())) {
                throw new ProviderException(provider, ProviderException.Kind.RATE_LIMITED, "client-side limit of "
                        + perMinute + " calls a minute reached; the next call is allowed at " + free
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
