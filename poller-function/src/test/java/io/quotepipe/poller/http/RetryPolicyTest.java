package io.quotepipe.poller.http;

import io.quotepipe.core.time.Backoff;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.core.time.Jitter;
import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");

    @Test
    void backoffDoublesPerAttempt_withJitterInTheUpperHalf_upToTheCap() {
        RetryPolicy policy = new RetryPolicy(5, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), Jitter.equal(new SplittableRandom(1))));

        for (int i = 0; i < 200; i++) {
            assertThat(policy.backoff(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(policy.backoff(2)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
            assertThat(policy.backoff(3)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(policy.backoff(4)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
            assertThat(policy.backoff(40)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
        }
    }

    @Test
    void jitterSpreadsTheWaits() {
        RetryPolicy policy = new RetryPolicy(3, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), Jitter.equal(new SplittableRandom(7))));

        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> policy.backoff(2)).distinct().count()).isGreaterThan(40);
    }

    @Test
    void retryAfter_readsSecondsAndHttpDates() {
        TestClock clock = new TestClock(T);

        assertThat(RetryPolicy.retryAfter("7", clock)).contains(Duration.ofSeconds(7));
        assertThat(RetryPolicy.retryAfter("Sat, 21 Nov 2026 18:05:30 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(RetryPolicy.retryAfter("Sat, 21 Nov 2026 18:04:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(RetryPolicy.retryAfter("soon", clock)).isEmpty();
        assertThat(RetryPolicy.retryAfter(null, clock)).isEmpty();
        assertThat(RetryPolicy.retryAfter("99999999999999999999999", clock)).isEmpty();
    }

    @Test
    void rateLimiter_allows60CallsInASlidingMinute_thenWaitsForTheOldestToLeaveIt() throws Exception {
        TestClock clock = new TestClock(T);
        CallRateLimiter limiter = new CallRateLimiter("finnhub", 60, clock, clock.sleeper());
        Deadline far = Deadline.after(clock, Duration.ofSeconds(300));

        for (int i = 0; i < 60; i++) {
            limiter.acquire(far);
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(clock.sleeps()).isEmpty();

        limiter.acquire(far); // at T+30s: the first call leaves the window at T+60s

        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(30));
        assertThat(clock.instant()).isEqualTo(T.plusSeconds(60));
    }

    @Test
    void rateLimiter_failsAtOnce_whenRoomComesOnlyAfterTheDeadline() throws Exception {
        TestClock clock = new TestClock(T);
        CallRateLimiter limiter = new CallRateLimiter("finnhub", 2, clock, clock.sleeper());
        Deadline soon = Deadline.after(clock, Duration.ofSeconds(20));
        limiter.acquire(soon);
        limiter.acquire(soon);

        assertThatThrownBy(() -> limiter.acquire(soon))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED))
                .hasMessageContaining("client-side limit of 2 calls a minute");
        assertThat(clock.sleeps()).isEmpty();
    }
}
