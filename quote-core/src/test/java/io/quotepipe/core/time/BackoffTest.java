package io.quotepipe.core.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void ceilingDoublesPerFailure_fromTheBase_upToTheCap_withoutOverflowing() {
        Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), Jitter.NONE);

        assertThat(b.ceiling(0)).isEqualTo(Duration.ofMillis(50));
        assertThat(b.ceiling(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(b.ceiling(4)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.ceiling(7)).isEqualTo(Duration.ofMillis(3200));
        assertThat(b.ceiling(8)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.ceiling(64)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
        assertThat(new Backoff(Duration.ofDays(1), Duration.ofDays(3650), Jitter.NONE).ceiling(1000)).isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void equalJitter_keepsTheUpperHalfOfTheCeiling_andSpreadsTheWaits() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), Jitter.equal(new SplittableRandom(1)));

        for (int i = 0; i < 200; i++) {
            assertThat(b.wait(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(b.wait(3)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(b.wait(40)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
        }
        assertThat(IntStream.range(0, 50).mapToObj(i -> b.wait(2)).distinct().count()).isGreaterThan(40);
    }

    @Test
    void fullJitter_drawsFromZeroToTheCeiling() {
        Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), Jitter.full(new SplittableRandom(3)));

        var waits = IntStream.range(0, 500).mapToObj(i -> b.wait(4)).toList();

        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(Duration.ZERO, Duration.ofMillis(400)));
        assertThat(waits).anySatisfy(w -> assertThat(w).isLessThan(Duration.ofMillis(200)));
        assertThat(waits).anySatisfy(w -> assertThat(w).isGreaterThan(Duration.ofMillis(200)));
    }

    @Test
    void theDefaultJitters_drawFromTheCallingThread_withinTheirRanges() {
        Duration ceiling = Duration.ofSeconds(1);

        assertThat(Jitter.equal().spread(ceiling)).isBetween(Duration.ofMillis(500), ceiling);
        assertThat(Jitter.full().spread(ceiling)).isBetween(Duration.ZERO, ceiling);
        assertThat(Jitter.equal().spread(Duration.ZERO)).isZero();
    }

    @Test
    void aZeroBase_meansNoWait_andACapBelowTheBase_isRefusedWithBothValues() {
        assertThat(new Backoff(Duration.ZERO, Duration.ofSeconds(4), Jitter.equal()).wait(5)).isZero();
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Jitter.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base PT2S").hasMessageContaining("cap PT1S");
    }
}
