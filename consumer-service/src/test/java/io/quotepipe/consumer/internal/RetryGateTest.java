package io.quotepipe.consumer.internal;

import io.quotepipe.core.time.Backoff;
import io.quotepipe.core.time.Jitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryGateTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");

    @Test
    void waitsTheBackoffAfterEachFailure_alarmsFromTheThreshold_andForgetsTheRunOnSuccess() {
        RetryGate gate = new RetryGate(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), Jitter.NONE), 3);
        assertThat(gate.ready(T)).isTrue();

        assertThat(gate.failed(T)).isEqualTo(Duration.ofMillis(500));
        assertThat(gate.ready(T.plusMillis(499))).isFalse();
        assertThat(gate.ready(T.plusMillis(500))).isTrue();
        assertThat(gate.failed(T.plusSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(gate.alarming()).isFalse();
        assertThat(gate.failed(T.plusSeconds(3))).isEqualTo(Duration.ofSeconds(2));

        assertThat(gate.alarming()).isTrue();
        assertThat(gate.failures()).isEqualTo(3);
        assertThat(gate.failingSince()).isEqualTo(T);
        assertThat(gate.nextAttempt()).isEqualTo(T.plusSeconds(5));

        gate.succeeded();

        assertThat(gate.failures()).isZero();
        assertThat(gate.alarming()).isFalse();
        assertThat(gate.failingSince()).isNull();
        assertThat(gate.nextAttempt()).isNull();
        assertThat(gate.ready(T.plusSeconds(3))).isTrue();
    }

    @Test
    void theLoopsGates_keepEqualJitter_soARetryNeverComesAtOnce() {
        BatchLoop.Settings settings = new BatchLoop.Settings("crypto-quotes", 10, 1000, Duration.ofSeconds(60),
                Duration.ZERO, true, 1, Duration.ofMillis(10), 3, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofSeconds(20));
        RetryGate gate = settings.retryGate();

        for (int i = 0; i < 100; i++) {
            RetryGate fresh = settings.retryGate();
            assertThat(fresh.failed(T)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        }
        for (int i = 0; i < 20; i++) {
            gate.failed(T);
        }
        assertThat(gate.failed(T)).as("capped at retry-max-backoff").isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }
}
