package io.quotepipe.loader.rollup;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static io.quotepipe.loader.rollup.CandleField.CLOSE;
import static io.quotepipe.loader.rollup.CandleField.HIGH;
import static io.quotepipe.loader.rollup.CandleField.LOW;
import static io.quotepipe.loader.rollup.CandleField.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

class CandleFieldTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00.000Z");

    static Point p(String price, int secondsAfterT) {
        return new Point(new BigDecimal(price), T.plusSeconds(secondsAfterT));
    }

    @Test
    void openKeepsTheEarliest_andAtEqualTimesTheLowerPrice() {
        assertThat(OPEN.beats(p("5", 0), p("1", 60))).isTrue();
        assertThat(OPEN.beats(p("1", 60), p("5", 0))).isFalse();
        assertThat(OPEN.beats(p("4", 0), p("5", 0))).isTrue();
        assertThat(OPEN.beats(p("5", 0), p("4", 0))).isFalse();
    }

    @Test
    void closeKeepsTheLatest_andAtEqualTimesTheLowerPrice() {
        assertThat(CLOSE.beats(p("1", 60), p("5", 0))).isTrue();
        assertThat(CLOSE.beats(p("5", 0), p("1", 60))).isFalse();
        assertThat(CLOSE.beats(p("4", 60), p("5", 60))).isTrue();
    }

    @Test
    void highAndLowKeepTheExtremePrice_andAtEqualPricesTheEarlierTime() {
        assertThat(HIGH.beats(p("9", 60), p("5", 0))).isTrue();
        assertThat(HIGH.beats(p("5", 0), p("5", 60))).isTrue();
        assertThat(HIGH.beats(p("5", 60), p("5", 0))).isFalse();
        assertThat(LOW.beats(p("1", 60), p("5", 0))).isTrue();
        assertThat(LOW.beats(p("1", 0), p("1", 60))).isTrue();
        assertThat(LOW.beats(p("9", 0), p("5", 60))).isFalse();
    }

    @Test
    void noFieldIsBeatenByTheSamePoint_evenWrittenWithOtherTrailingZeros_soAReplayIsANoOp() {
        for (CandleField f : CandleField.values()) {
            assertThat(f.beats(p("2.50", 0), p("2.5", 0))).as(f.name()).isFalse();
            assertThat(f.beats(p("2.5", 0), p("2.50", 0))).as(f.name()).isFalse();
        }
    }
}
