package io.quotepipe.query.internal;

import io.quotepipe.core.Quote;
import io.quotepipe.core.Times;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DownsamplerTest {

    private static Quote at(String time, String price) {
        return Quote.builder().source("coincap").symbol("BTC").priceUsd(new BigDecimal(price))
                .observedAt(Times.parse(time)).fetchedAt(Times.parse(time)).pollId("p").build();
    }

    @Test
    void keepsTheLastQuoteOfEachEpochAlignedBucket() {
        List<Quote> quotes = List.of(
                at("2026-11-21T16:55:00Z", "1"),
                at("2026-11-21T17:00:00Z", "2"),
                at("2026-11-21T17:30:00Z", "3"),
                at("2026-11-21T17:59:59.999Z", "4"),
                at("2026-11-21T18:00:00Z", "5"),
                at("2026-11-21T20:10:00Z", "6"));

        List<Quote> hourly = Downsampler.lastPerBucket(quotes, Duration.ofHours(1));

        assertThat(hourly).extracting(q -> q.priceUsd().toPlainString()).containsExactly("1", "4", "5", "6");
    }

    @Test
    void returnsEveryQuote_whenEachIsInABucketOfItsOwn() {
        List<Quote> quotes = List.of(at("2026-11-21T17:00:00Z", "1"), at("2026-11-21T17:05:00Z", "2"));

        assertThat(Downsampler.lastPerBucket(quotes, Duration.ofMinutes(5))).isEqualTo(quotes);
        assertThat(Downsampler.lastPerBucket(List.of(), Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void refusesAZeroStep() {
        assertThatThrownBy(() -> Downsampler.lastPerBucket(List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
