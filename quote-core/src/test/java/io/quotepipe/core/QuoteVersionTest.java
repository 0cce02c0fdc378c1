package io.quotepipe.core;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class QuoteVersionTest {

    static final Instant AT = Instant.parse("2026-11-21T18:05:00.000Z");

    static Quote quote(String fetchedAt, String pollId, String price) {
        return Quote.builder().source("finnhub").symbol("BTC").priceUsd(new BigDecimal(price)).observedAt(AT)
                .fetchedAt(Instant.parse(fetchedAt)).pollId(pollId).build();
    }

    @Test
    void theLaterFetchedAtWins_whateverThePollIdAndContent() {
        Quote early = quote("2026-11-21T18:05:01.000Z", "z", "9");
        Quote late = quote("2026-11-21T18:05:02.000Z", "a", "1");
        assertThat(QuoteVersion.ORDER.compare(late, early)).isPositive();
        assertThat(QuoteVersion.winner(early, late)).isSameAs(late);
        assertThat(QuoteVersion.winner(late, early)).isSameAs(late);
    }

    @Test
    void atEqualFetchedAt_theGreaterPollIdWins() {
        Quote a = quote("2026-11-21T18:05:01.000Z", "poll-a", "9");
        Quote b = quote("2026-11-21T18:05:01.000Z", "poll-b", "1");
        assertThat(QuoteVersion.winner(a, b)).isSameAs(b);
        assertThat(QuoteVersion.winner(b, a)).isSameAs(b);
    }

    @Test
    void atEqualFetchedAtAndPollId_sameContentIsTheSameVersion_evenWrittenWithOtherTrailingZeros() {
        Quote a = quote("2026-11-21T18:05:01.000Z", "p", "2.50");
        Quote b = quote("2026-11-21T18:05:01.000Z", "p", "2.5");
        assertThat(QuoteVersion.ORDER.compare(a, b)).isZero();
    }

    @Test
    void atEqualFetchedAtAndPollId_differentContentIsTwoVersions_andTheSameOneWinsInEitherOrder() {
        Quote a = quote("2026-11-21T18:05:01.000Z", "p", "2");
        Quote b = quote("2026-11-21T18:05:01.000Z", "p", "3");
        assertThat(QuoteVersion.of(a)).isNotEqualTo(QuoteVersion.of(b));
        assertThat(QuoteVersion.winner(a, b)).isSameAs(QuoteVersion.winner(b, a));
    }

    @Test
    void theVersionAttributeSortsAsTheRule_forFetchedAtAndPollId() {
        List<Quote> quotes = new ArrayList<>();
        for (String fetchedAt : List.of("2026-11-21T18:05:01.000Z", "2026-11-21T18:05:01.010Z", "2026-11-21T18:06:00.000Z")) {
            for (String pollId : List.of("a", "a#b", "ab", "a-1", "b", "A")) {
                quotes.add(quote(fetchedAt, pollId, "1"));
            }
        }
        Collections.shuffle(quotes, new Random(13));
        List<Quote> byFetchThenPoll = new ArrayList<>(quotes);
        byFetchThenPoll.sort(java.util.Comparator.comparing(Quote::fetchedAt).thenComparing(Quote::pollId));
        List<Quote> byVersion = new ArrayList<>(quotes);
        byVersion.sort(QuoteVersion.ORDER);
        assertThat(byVersion).containsExactlyElementsOf(byFetchThenPoll);
        assertThat(QuoteVersion.of(quotes.getFirst())).matches("2026-11-21T18:0\\d:0\\d\\.0\\d0Z#.+#[0-9a-f]{16}");
    }
}
