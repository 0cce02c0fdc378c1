package io.quotepipe.poller;

import io.quotepipe.core.Quote;
import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.provider.ProviderPoll;
import io.quotepipe.poller.provider.Rejected;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuoteScreenTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");

    @Test
    void skipsEachInvalidQuote_withTheRuleItBreaks_andKeepsTheRest() {
        List<Quote> quotes = List.of(quote("BTC", 1, "70835.6"), quote("ETH", 2, "0"), quote("SOL", 3, "-3.5"),
                quote("DOGE", 4, "1E+400"), quote("", 5, "1"), quote("ADA", 6, "0.45"), quote("XRP", 7, "0.52"),
                quote("TON", 8, "6.88"), quote("BNB", 9, "612.35"), quote("LTC", 10, "83.5"));

        QuoteScreen.Result result = QuoteScreen.screen(poll(quotes, List.of()));

        assertThat(result.valid()).extracting(Quote::symbol).containsExactly("BTC", "ADA", "XRP", "TON", "BNB", "LTC");
        assertThat(result.skipped()).extracting(Rejected::symbol).containsExactly("ETH", "SOL", "DOGE", Rejected.NO_CODE);
        assertThat(result.skipped().get(0).reason()).isEqualTo("priceUsd=0: must be greater than 0");
        assertThat(result.skipped().get(1).reason()).isEqualTo("priceUsd=-3.5: must be greater than 0");
        assertThat(result.skipped().get(2).reason()).contains("priceUsd=1E+400", "implausibly large");
        assertThat(result.skipped().get(3).reason()).contains("symbol: is required");
        assertThat(QuoteScreen.failure("livecoinwatch", result)).isEmpty();
    }

    @Test
    void ofTwoQuotesWithOneCode_keepsTheBetterRanked_andReportsTheOther_whateverTheirOrder() {
        Quote bitcoin = quote("BTC", 1, "70835.6");
        Quote token = quote("BTC", 2841, "0.0123");
        Quote eth = quote("ETH", 2, "3512.4");

        QuoteScreen.Result first = QuoteScreen.screen(poll(List.of(bitcoin, eth, token), List.of()));
        QuoteScreen.Result last = QuoteScreen.screen(poll(List.of(token, eth, bitcoin), List.of()));

        assertThat(first.valid()).containsExactly(bitcoin, eth);
        assertThat(last.valid()).containsExactly(bitcoin, eth);
        Rejected loser = new Rejected("BTC", "duplicate code in this poll: rank 2841 loses to rank 1, which is kept");
        assertThat(first.skipped()).containsExactly(loser);
        assertThat(last.skipped()).containsExactly(loser);
    }

    @Test
    void ofTwoQuotesWithOneCode_andNoRanks_keepsTheFirst() {
        Quote first = quote("BTC", null, "70835.6");
        Quote second = quote("BTC", null, "70001.5");

        QuoteScreen.Result result = QuoteScreen.screen(poll(List.of(first, second), List.of()));

        assertThat(result.valid()).containsExactly(first);
        assertThat(result.skipped()).containsExactly(new Rejected("BTC", "duplicate code in this poll: (no rank) loses to (no rank), which is kept"));
    }

    @Test
    void carriesOverTheProvidersRejectedElements() {
        QuoteScreen.Result result = QuoteScreen.screen(poll(List.of(quote("BTC", 1, "1")),
                List.of(new Rejected("USDT", "rate is null"))));

        assertThat(result.skipped()).containsExactly(new Rejected("USDT", "rate is null"));
        assertThat(result.total()).isEqualTo(2);
    }

    @Test
    void failsTheProvider_whenMoreThanHalfIsInvalid_butNotAtHalf() {
        List<Quote> half = new ArrayList<>(List.of(quote("A", 1, "1"), quote("B", 2, "1")));
        List<Rejected> bad = List.of(new Rejected("C", "rate is null"), new Rejected("D", "rate is null"));

        assertThat(QuoteScreen.failure("p", QuoteScreen.screen(poll(half, bad)))).isEmpty();

        half.remove(1);
        assertThat(QuoteScreen.failure("p", QuoteScreen.screen(poll(half, bad)))).get().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_DATA);
            assertThat(e.getMessage()).startsWith("p: 2 of 3 quotes invalid, more than half; e.g. C: rate is null");
        });
    }

    @Test
    void failsTheProvider_whenItAnsweredNothing() {
        assertThat(QuoteScreen.failure("coincap", QuoteScreen.screen(poll(List.of(), List.of()))))
                .get().extracting(Throwable::getMessage).isEqualTo("coincap: answered an empty list: no quotes");
    }

    static ProviderPoll poll(List<Quote> quotes, List<Rejected> rejected) {
        return new ProviderPoll("livecoinwatch", quotes, rejected, Duration.ZERO);
    }

    static Quote quote(String symbol, Integer rank, String price) {
        return Quote.builder().source("livecoinwatch").symbol(symbol).rank(rank).priceUsd(new BigDecimal(price))
                .observedAt(T).fetchedAt(T).pollId("p1").build();
    }
}
