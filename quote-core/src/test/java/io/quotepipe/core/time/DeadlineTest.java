package io.quotepipe.core.time;

import io.quotepipe.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");
    final MutableClock clock = new MutableClock(T);

    @Test
    void isTheBudget_outsideLambda() {
        assertThat(Deadline.within(clock, Duration.ofMinutes(4), Optional.empty(), Duration.ofSeconds(10)).at())
                .isEqualTo(T.plus(Duration.ofMinutes(4)));
        assertThat(Deadline.after(clock, Duration.ofSeconds(20)).at()).isEqualTo(T.plusSeconds(20));
    }

    @Test
    void endsTheReserveBeforeTheInvocationsEnd_whenThatComesFirst_butNeverBeforeNow() {
        Optional<Duration> minute = Optional.of(Duration.ofSeconds(60));

        assertThat(Deadline.within(clock, Duration.ofMinutes(4), minute, Duration.ofSeconds(10)).at()).isEqualTo(T.plusSeconds(50));
        assertThat(Deadline.within(clock, Duration.ofSeconds(20), minute, Duration.ofSeconds(10)).at()).isEqualTo(T.plusSeconds(20));
        assertThat(Deadline.within(clock, Duration.ofMinutes(4), Optional.of(Duration.ofSeconds(3)), Duration.ofSeconds(10)).at())
                .isEqualTo(T);
    }

    @Test
    void readsTheLambdasRemainingTime_onlyInLambda() {
        assertThat(Deadline.timeLeftInLambda(Optional.of("quotepipe-poller"), () -> 42_000)).contains(Duration.ofSeconds(42));
        assertThat(Deadline.timeLeftInLambda(Optional.of("quotepipe-poller"), () -> -5)).contains(Duration.ZERO);
        assertThat(Deadline.timeLeftInLambda(Optional.of("quotepipe-poller"), null)).isEmpty();
        // Quarkus's test mode: no function name, and a remaining time that is an overflowed wall-clock value
        assertThat(Deadline.timeLeftInLambda(Optional.empty(), () -> 1_234_567)).isEmpty();
        assertThat(Deadline.timeLeftInLambda(Optional.of(" "), () -> 1_234_567)).isEmpty();
    }

    @Test
    void answersAgainstItsClock_asTimeMoves() {
        Deadline d = Deadline.after(clock, Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(4));

        assertThat(d.remaining()).isEqualTo(Duration.ofSeconds(6));
        assertThat(d.elapsed()).isEqualTo(Duration.ofSeconds(4));
        assertThat(d.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.allows(Duration.ofSeconds(6))).isTrue();
        assertThat(d.allows(Duration.ofMillis(6001))).isFalse();
        assertThat(d.passed()).isFalse();

        clock.advance(Duration.ofSeconds(6));

        assertThat(d.passed()).isTrue();
        assertThat(d.remaining()).isZero();
    }

    @Test
    void blockingBackoff_sleepsTheWait_butRefusesAWaitThatWouldEndPastTheDeadline() {
        List<Duration> slept = new ArrayList<>();
        BlockingBackoff backoff = new BlockingBackoff(new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), Jitter.NONE),
                d -> {
                    slept.add(d);
                    clock.advance(d);
                });
        Deadline deadline = Deadline.after(clock, Duration.ofMillis(200));

        assertThat(backoff.pause(1, deadline)).isTrue();
        assertThat(backoff.pause(2, deadline)).isTrue();
        assertThat(backoff.pause(3, deadline)).as("200 ms more would end at 350 ms").isFalse();

        assertThat(slept).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(clock.instant()).isEqualTo(T.plusMillis(150));
    }

    @Test
    void blockingBackoff_failsNamingTheRetry_andKeepsTheInterrupt_whenInterrupted() {
        BlockingBackoff backoff = new BlockingBackoff(new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), Jitter.NONE),
                d -> {
                    throw new InterruptedException("stop");
                });
        try {
            assertThatThrownBy(() -> backoff.pause(2, Deadline.after(clock, Duration.ofMinutes(1))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("before retry 2");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted(); // clear it for the next test
        }
    }
}
