package io.quotepipe.query.api;

import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Times;
import io.quotepipe.query.LatestSort;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ParamsTest {

    @Test
    void namesTheParameterAndTheAcceptedValues_whenSortIsUnknown() {
        BadParameterException e = catchThrowableOfType(BadParameterException.class, () -> Params.sort("volume"));

        assertThat(e.parameter()).isEqualTo("sort");
        assertThat(e.getMessage()).isEqualTo("sort='volume': must be one of rank, price, change1h, change24h");
        assertThat(e.accepted()).containsExactly("rank", "price", "change1h", "change24h");
    }

    @Test
    void sortsByRankAscending_byDefault_andByChangesDescending() {
        assertThat(Params.sort(null)).isEqualTo(LatestSort.RANK);
        assertThat(Params.ascending(null, LatestSort.RANK)).isTrue();
        assertThat(Params.ascending(null, Params.sort("change24h"))).isFalse();
        assertThat(Params.ascending("asc", LatestSort.PRICE)).isTrue();
    }

    @Test
    void rejectsAnOrderOtherThanAscOrDesc() {
        BadParameterException e = catchThrowableOfType(BadParameterException.class,
                () -> Params.ascending("up", LatestSort.RANK));

        assertThat(e.parameter()).isEqualTo("order");
        assertThat(e.accepted()).containsExactly("asc", "desc");
    }

    @Test
    void acceptsLimitsFromOneToAThousand() {
        assertThat(Params.limit(null)).isEqualTo(Integer.MAX_VALUE);
        assertThat(Params.limit("1")).isEqualTo(1);
        assertThat(Params.limit("1000")).isEqualTo(1000);
        for (String bad : new String[] {"0", "1001", "ten", "-5"}) {
            assertThatThrownBy(() -> Params.limit(bad)).isInstanceOf(BadParameterException.class)
                    .hasMessage("limit='" + bad + "': must be a whole number from 1 to 1000");
        }
    }

    @Test
    void rejectsSymbolsThatCouldReachIntoAnotherKey() {
        assertThat(Params.symbol("BTC")).isEqualTo("BTC");
        BadParameterException e = catchThrowableOfType(BadParameterException.class, () -> Params.symbol("BTC#TS"));

        assertThat(e.parameter()).isEqualTo("symbol");
        assertThat(e.getMessage()).startsWith("symbol='BTC#TS': must match ");
    }

    @Test
    void readsSourceOnlyWhenGiven() {
        assertThat(Params.source(null)).isNull();
        assertThat(Params.source("coincap")).isEqualTo("coincap");
        assertThatThrownBy(() -> Params.source("Coin Cap")).hasMessageStartingWith("source='Coin Cap': must match ");
    }

    @Test
    void readsUtcTimes_andSaysWhatAValidOneLooksLike() {
        Instant fallback = Instant.EPOCH;
        assertThat(Params.time("from", null, fallback)).isEqualTo(fallback);
        assertThat(Params.time("from", "2026-11-21T18:05:00Z", fallback)).isEqualTo(Times.parse("2026-11-21T18:05:00.000Z"));
        assertThatThrownBy(() -> Params.time("to", "2026-11-21 18:05", fallback))
                .hasMessage("to='2026-11-21 18:05': must be a UTC time like 2026-11-21T18:05:00.000Z");
    }

    @Test
    void rejectsARangeThatEndsBeforeItStarts_orIsLongerThanTheLimit() {
        Instant to = Times.parse("2026-11-21T18:00:00.000Z");

        assertThatThrownBy(() -> Params.range(to.plusSeconds(1), to, null, null))
                .hasMessage("from='2026-11-21T18:00:01.000Z': must not be after to=2026-11-21T18:00:00.000Z");
        assertThatThrownBy(() -> Params.range(to.minus(Duration.ofDays(32)), to, Duration.ofDays(31), "quotepipe.query.max-history-range"))
                .hasMessageContaining("is longer than 31 days (quotepipe.query.max-history-range)");
        Params.range(to.minus(Duration.ofDays(31)), to, Duration.ofDays(31), "k");
    }

    @Test
    void readsStepsInShortAndIsoForm_ofAtLeastAMinute() {
        assertThat(Params.step(null)).isNull();
        assertThat(Params.step("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Params.step("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Params.step("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Params.step("PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Params.step("pt15m")).isEqualTo(Duration.ofMinutes(15));
        assertThatThrownBy(() -> Params.step("PT30S")).hasMessage("step='PT30S': must be at least 1 minute");
        assertThatThrownBy(() -> Params.step("fast"))
                .hasMessage("step='fast': must be a duration like 5m, 1h, 1d or PT15M (ISO-8601)");
    }

    @Test
    void readsCandleIntervalsByTheirKeyToken() {
        assertThat(Params.interval("1h")).isEqualTo(Interval.HOUR);
        assertThat(Params.interval("1d")).isEqualTo(Interval.DAY);
        BadParameterException missing = catchThrowableOfType(BadParameterException.class, () -> Params.interval(null));
        assertThat(missing.getMessage()).isEqualTo("interval: is required: one of 1h, 1d");
        BadParameterException wrong = catchThrowableOfType(BadParameterException.class, () -> Params.interval("1w"));
        assertThat(wrong.getMessage()).isEqualTo("interval='1w': must be one of 1h, 1d");
        assertThat(wrong.accepted()).containsExactly("1h", "1d");
    }

    @Test
    void cutsLongValuesInMessages() {
        String value = "x".repeat(500);
        assertThatThrownBy(() -> Params.sort(value)).hasMessageStartingWith("sort='" + "x".repeat(80) + "…'");
    }
}
