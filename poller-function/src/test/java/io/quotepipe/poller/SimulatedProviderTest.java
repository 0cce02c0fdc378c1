package io.quotepipe.poller;

import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteValidator;
import io.quotepipe.poller.provider.SimulatedProvider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedProviderTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");

    @Test
    void givesTheSameQuotes_forTheSameSeedAndTime() {
        List<Quote> a = new SimulatedProvider(42, 50).fetch("p", T, T);
        List<Quote> b = new SimulatedProvider(42, 50).fetch("p", T, T);

        assertThat(a).isEqualTo(b);
    }

    @Test
    void givesOtherPrices_forAnotherSeedOrTime() {
        List<Quote> base = new SimulatedProvider(42, 50).fetch("p", T, T);

        assertThat(new SimulatedProvider(43, 50).fetch("p", T, T)).extracting(Quote::priceUsd)
                .isNotEqualTo(base.stream().map(Quote::priceUsd).toList());
        assertThat(new SimulatedProvider(42, 50).fetch("p", T.plusSeconds(300), T)).extracting(Quote::priceUsd)
                .isNotEqualTo(base.stream().map(Quote::priceUsd).toList());
    }

    @Test
    void listsTheRequestedNumberOfDistinctValidCoins_beyondTheNamedOnes() {
        List<Quote> quotes = new SimulatedProvider(7, 1_000).fetch("poll-1", T, T.plusMillis(12));

        assertThat(quotes).hasSize(1_000);
        assertThat(quotes).extracting(Quote::symbol).doesNotHaveDuplicates().contains("BTC", "ETH", "SIM1000");
        assertThat(quotes).allSatisfy(q -> {
            assertThat(QuoteValidator.validate(q)).isEmpty();
            assertThat(q.pollId()).isEqualTo("poll-1");
            assertThat(q.observedAt()).isEqualTo(T);
            assertThat(q.source()).isEqualTo("simulated");
        });
    }
}
