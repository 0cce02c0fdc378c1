package io.quotepipe.loader.internal;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");
    static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

    @Test
    void isTheConfiguredWindow_outsideLambda() {
        assertThat(Deadline.forInvocation(CLOCK, Duration.ofMinutes(4), Duration.ofSeconds(10), null).at())
                .isEqualTo(T.plus(Duration.ofMinutes(4)));
    }

    @Test
    void endsTheMarginBeforeTheLambdaTimeout_whenThatComesFirst() {
        assertThat(Deadline.forInvocation(CLOCK, Duration.ofMinutes(4), Duration.ofSeconds(10), Duration.ofSeconds(60)).at())
                .isEqualTo(T.plusSeconds(50));
        assertThat(Deadline.forInvocation(CLOCK, Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(60)).at())
                .isEqualTo(T.plusSeconds(20));
        assertThat(Deadline.forInvocation(CLOCK, Duration.ofMinutes(4), Duration.ofSeconds(10), Duration.ofSeconds(3)).at())
                .isEqualTo(T);
    }

    @Test
    void backoffDoublesFrom50msUpTo5s() {
        Backoff b = Backoff.standard();
        assertThat(b.ceiling(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(b.ceiling(4)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.ceiling(8)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.ceiling(100)).isEqualTo(Duration.ofSeconds(5));
    }
}
