package io.quotepipe.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimesTest {

    @Test
    void formatsWithExactlyThreeFractionDigitsAndZ() {
        assertThat(Times.format(Instant.parse("2026-11-21T18:05:00Z"))).isEqualTo("2026-11-21T18:05:00.000Z");
        assertThat(Times.format(Instant.parse("2026-11-21T18:05:00.1Z"))).isEqualTo("2026-11-21T18:05:00.100Z");
        assertThat(Times.format(Instant.parse("2026-11-21T18:05:00.999999Z"))).isEqualTo("2026-11-21T18:05:00.999Z");
    }

    @Test
    void formattedStringsSortAsTimes() {
        Random random = new Random(7);
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // spread over several years, with many sub-second differences
            times.add(Instant.ofEpochMilli(1_600_000_000_000L + (long) (random.nextDouble() * 300_000_000_000L)));
            times.add(Instant.ofEpochMilli(1_764_000_000_000L + random.nextInt(3_000)));
        }

        List<String> byString = times.stream().map(Times::format).sorted().toList();
        List<String> byTime = times.stream().sorted(Comparator.naturalOrder()).map(Times::format).toList();

        assertThat(byString).isEqualTo(byTime);
    }

    @Test
    void parsesAnyFractionAndKeepsMilliseconds() {
        assertThat(Times.parse("2026-11-21T18:05:00Z")).isEqualTo(Instant.parse("2026-11-21T18:05:00.000Z"));
        assertThat(Times.parse("2026-11-21T18:05:00.123456Z")).isEqualTo(Instant.parse("2026-11-21T18:05:00.123Z"));
    }

    @Test
    void parsesItsOwnFormatExactlyAsTheIsoParserDoes() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(-5_000_000_000_000L, 50_000_000_000_000L));
            String text = Times.format(t);
            if (text.length() == 24) {
                assertThat(Times.parse(text)).as(text).isEqualTo(Instant.parse(text));
            }
        }
        assertThat(Times.parse("2024-02-29T23:59:59.999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
    }

    @Test
    void rejectsImpossibleTimesInItsOwnFormat() {
        for (String bad : new String[] {"2025-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
                "2026-11-21T18:60:00.000Z", "2026-11-21T18:05:60.000Z", "2026-11-2lT18:05:00.000Z", "2026-00-21T18:05:00.000Z"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Times.parse(bad)).as(bad)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }
}
