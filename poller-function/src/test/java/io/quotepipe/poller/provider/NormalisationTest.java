package io.quotepipe.poller.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.poller.http.HttpAnswer;
import io.quotepipe.poller.provider.internal.Fetch;
import io.quotepipe.poller.provider.internal.ProviderJson;
import io.quotepipe.poller.testing.ProviderStub;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Recorded answers of each provider, normalised to Quote v1: exact decimals, percentages, provider times. */
class NormalisationTest {

    static final Instant DATE = Instant.parse("2026-11-21T18:05:00Z");
    static final Instant RECEIVED = Instant.parse("2026-11-21T18:05:00.412Z");
    static final PollRequest REQUEST = new PollRequest("poll-1", DATE, Deadline.after(java.time.Clock.fixed(DATE, java.time.ZoneOffset.UTC), Duration.ofSeconds(20)));

    final List<Quote> quotes = new ArrayList<>();
    final List<Rejected> rejected = new ArrayList<>();

    @Test
    void liveCoinWatch_ratiosBecomePercent_numbersStayExact_andTheDateHeaderIsTheObservationTime() throws Exception {
        HttpAnswer answer = answer("livecoinwatch/coins-list.json", Optional.of(DATE));

        for (JsonNode element : ProviderJson.MAPPER.readTree(answer.body())) {
            LiveCoinWatchProvider.read(element, answer, REQUEST, quotes, rejected);
        }

        assertThat(rejected).isEmpty();
        assertThat(quotes).hasSize(10).extracting(Quote::symbol)
                .containsExactly("BTC", "ETH", "USDT", "BNB", "SOL", "USDC", "XRP", "DOGE", "SHIB", "TON");
        Quote btc = quotes.get(0);
        assertThat(btc.priceUsd()).isEqualTo(new BigDecimal("70835.60123456789"));
        assertThat(btc.volume24hUsd()).isEqualTo(new BigDecimal("24721785938"));
        assertThat(btc.marketCapUsd()).isEqualTo(new BigDecimal("1394051250970"));
        assertThat(btc.change1hPct()).isEqualTo(new BigDecimal("0.3"));     // delta.hour 1.003
        assertThat(btc.change24hPct()).isEqualTo(new BigDecimal("-0.13"));  // delta.day 0.9987
        assertThat(btc.change7dPct()).isEqualTo(new BigDecimal("4.32"));    // delta.week 1.0432
        assertThat(btc.name()).isEqualTo("Bitcoin");
        assertThat(btc.rank()).isEqualTo(1);
        assertThat(btc.source()).isEqualTo("livecoinwatch");
        assertThat(btc.observedAt()).isEqualTo(DATE);
        assertThat(btc.fetchedAt()).isEqualTo(RECEIVED);
        assertThat(btc.pollId()).isEqualTo("poll-1");
        assertThat(quotes.get(8).priceUsd()).isEqualTo(new BigDecimal("0.000024581")); // SHIB, as sent
        assertThat(QuoteJson.write(quotes.get(8))).contains("\"priceUsd\":0.000024581");
    }

    @Test
    void liveCoinWatch_withoutADateHeader_observesAtReceiveTime() throws Exception {
        HttpAnswer answer = answer("livecoinwatch/coins-map.json", Optional.empty());

        for (JsonNode element : ProviderJson.MAPPER.readTree(answer.body())) {
            LiveCoinWatchProvider.read(element, answer, REQUEST, quotes, rejected);
        }

        assertThat(quotes).extracting(Quote::observedAt).containsOnly(RECEIVED);
    }

    @Test
    void liveCoinWatch_badElements_areRejectedWithTheirReason_notThrown() throws Exception {
        for (String file : List.of("coins-list-rate-null", "coins-list-rate-abc", "coins-list-no-code")) {
            HttpAnswer answer = answer("livecoinwatch/" + file + ".json", Optional.of(DATE));
            for (JsonNode element : ProviderJson.MAPPER.readTree(answer.body())) {
                LiveCoinWatchProvider.read(element, answer, REQUEST, quotes, rejected);
            }
        }

        assertThat(rejected).containsExactly(
                new Rejected("USDT", "rate is null"),
                new Rejected("SOL", "rate=\"abc\" is not a number"),
                new Rejected(Rejected.NO_CODE, "code is missing"));
        assertThat(quotes).hasSize(12);
    }

    @Test
    void liveCoinWatch_1e400_staysADecimal_neverInfinity() throws Exception {
        HttpAnswer answer = answer("livecoinwatch/coins-list-rate-1e400.json", Optional.of(DATE));

        for (JsonNode element : ProviderJson.MAPPER.readTree(answer.body())) {
            LiveCoinWatchProvider.read(element, answer, REQUEST, quotes, rejected);
        }

        assertThat(quotes.get(0).priceUsd()).isEqualByComparingTo(new BigDecimal("1E+400"));
    }

    @Test
    void liveCoinWatch_aDeltaWithAHugeExponent_isRejectedWithItsReason_andTheOtherCoinsRead() throws Exception {
        HttpAnswer answer = answer("livecoinwatch/coins-list-delta-huge-exponent.json", Optional.of(DATE));

        for (JsonNode element : ProviderJson.MAPPER.readTree(answer.body())) {
            LiveCoinWatchProvider.read(element, answer, REQUEST, quotes, rejected);
        }

        assertThat(quotes).extracting(Quote::symbol).containsExactly("BTC", "USDT", "SOL");
        assertThat(rejected).extracting(Rejected::symbol).containsExactly("ETH", "BNB");
        assertThat(rejected.get(0).reason()).contains("delta.hour=1E+999999999");
        assertThat(rejected.get(1).reason()).contains("delta.day=1E-999999999");
    }

    @Test
    void coinCap_numericStringsBecomeDecimals_andItsTimestampIsTheObservationTime() throws Exception {
        JsonNode root = ProviderJson.MAPPER.readTree(ProviderStub.resource("coincap/assets.json"));
        Instant observed = Instant.ofEpochMilli(root.get("timestamp").asLong());

        for (JsonNode element : root.get("data")) {
            CoinCapProvider.read(element, observed, RECEIVED, "poll-1", quotes, rejected);
        }

        assertThat(rejected).isEmpty();
        Quote btc = quotes.get(0);
        assertThat(btc.symbol()).isEqualTo("BTC");
        assertThat(btc.rank()).isEqualTo(1);
        assertThat(btc.priceUsd()).isEqualTo(new BigDecimal("70835.601234567890120"));
        assertThat(btc.marketCapUsd()).isEqualTo(new BigDecimal("1394051250970.4467123098123412"));
        assertThat(btc.volume24hUsd()).isEqualTo(new BigDecimal("24721785938.1234598765432109"));
        assertThat(btc.change24hPct()).isEqualTo(new BigDecimal("-0.1299569")); // already a percentage
        assertThat(btc.change1hPct()).isNull();
        assertThat(btc.observedAt()).isEqualTo(Instant.parse("2026-11-21T18:05:00.412Z"));
        assertThat(btc.source()).isEqualTo("coincap");
    }

    @Test
    void finnhub_mapsCurrentPriceAndDailyChange_atItsTime() throws Exception {
        JsonNode root = ProviderJson.MAPPER.readTree(ProviderStub.resource("finnhub/quote-btc.json"));

        FinnhubProvider.read("BTC", "BINANCE:BTCUSDT", root, RECEIVED, "poll-1", quotes, rejected);

        assertThat(quotes).singleElement().satisfies(q -> {
            assertThat(q.symbol()).isEqualTo("BTC");
            assertThat(q.priceUsd()).isEqualTo(new BigDecimal("70835.6"));
            assertThat(q.change24hPct()).isEqualTo(new BigDecimal("-0.1303"));
            assertThat(q.observedAt()).isEqualTo(DATE);
            assertThat(q.source()).isEqualTo("finnhub");
        });
    }

    @Test
    void finnhub_allZeros_isAnUnknownSymbol_rejectedWithTheMappingToFix() throws Exception {
        JsonNode root = ProviderJson.MAPPER.readTree(ProviderStub.resource("finnhub/unknown-symbol.json"));

        FinnhubProvider.read("XYZ", "BINANCE:XYZUSDT", root, RECEIVED, "poll-1", quotes, rejected);

        assertThat(quotes).isEmpty();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.symbol()).isEqualTo("XYZ");
            assertThat(r.reason()).contains("BINANCE:XYZUSDT", "t == 0", "quotepipe.finnhub.symbol-map.XYZ");
        });
    }

    static final Duration STALE_AFTER = Duration.ofMinutes(30);

    @Test
    void coinPaprika_topCoinsByRank_exactDecimals_percentagesAsSent_andEachCoinsLastUpdated() throws Exception {
        JsonNode root = ProviderJson.MAPPER.readTree(ProviderStub.resource("coinpaprika/tickers.json"));

        for (JsonNode element : Fetch.topByRank(root, "rank", 10)) {
            CoinPaprikaProvider.read(element, RECEIVED, "poll-1", STALE_AFTER, quotes, rejected);
        }

        assertThat(rejected).isEmpty();
        // ETH is listed before BTC and an unranked coin (rank 0) sits among them: rank decides, the unranked one is out.
        assertThat(quotes).extracting(Quote::symbol)
                .containsExactly("BTC", "ETH", "USDT", "BNB", "SOL", "USDC", "XRP", "DOGE", "SHIB", "TON");
        Quote btc = quotes.get(0);
        assertThat(btc.priceUsd()).isEqualTo(new BigDecimal("70835.60123456789"));
        assertThat(btc.volume24hUsd()).isEqualTo(new BigDecimal("24721785938.924427"));
        assertThat(btc.marketCapUsd()).isEqualTo(new BigDecimal("1394051250970"));
        assertThat(btc.change1hPct()).isEqualTo(new BigDecimal("0.3"));   // already a percentage
        assertThat(btc.change24hPct()).isEqualTo(new BigDecimal("-0.13"));
        assertThat(btc.change7dPct()).isEqualTo(new BigDecimal("4.32"));
        assertThat(btc.name()).isEqualTo("Bitcoin");
        assertThat(btc.rank()).isEqualTo(1);
        assertThat(btc.source()).isEqualTo("coinpaprika");
        assertThat(btc.observedAt()).isEqualTo(Instant.parse("2026-11-21T18:04:41Z"));
        assertThat(btc.fetchedAt()).isEqualTo(RECEIVED);
        assertThat(QuoteJson.write(quotes.get(8))).contains("\"priceUsd\":0.000024581");
    }

    @Test
    void coinPaprika_aCoinWithoutItsUsdQuote_orAStaleOne_isRejectedWithTheReason() throws Exception {
        for (String file : List.of("tickers-no-usd-quote", "tickers-stale")) {
            for (JsonNode element : ProviderJson.MAPPER.readTree(ProviderStub.resource("coinpaprika/" + file + ".json"))) {
                CoinPaprikaProvider.read(element, RECEIVED, "poll-1", STALE_AFTER, quotes, rejected);
            }
        }

        assertThat(rejected).extracting(Rejected::symbol).containsExactly("USDT", "BTC", "ETH", "USDT");
        assertThat(rejected.get(0).reason()).isEqualTo("quotes.USD is missing: no USD quote for this coin"); // "quotes":{}
        assertThat(rejected.get(1).reason()).startsWith("stale: observed at 2026-11-20T02:00:00Z, 2405 min before it was fetched at "
                + RECEIVED + ", more than quotepipe.poller.max-staleness (30 min)");
        assertThat(quotes).hasSize(4 + 2);
    }

    @Test
    void coinLore_numericStringsAndNumbersBecomeExactDecimals_observedAtInfoTime() throws Exception {
        JsonNode root = ProviderJson.MAPPER.readTree(ProviderStub.resource("coinlore/tickers.json"));
        HttpAnswer answer = answer("coinlore/tickers.json", Optional.of(DATE));
        Instant observed = CoinLoreProvider.observedAt(root, answer);

        for (JsonNode element : root.get("data")) {
            CoinLoreProvider.read(element, observed, RECEIVED, "poll-1", STALE_AFTER, quotes, rejected);
        }

        assertThat(rejected).isEmpty();
        assertThat(quotes).hasSize(10);
        Quote btc = quotes.get(0);
        assertThat(btc.symbol()).isEqualTo("BTC");
        assertThat(btc.rank()).isEqualTo(1);
        assertThat(btc.priceUsd()).isEqualTo(new BigDecimal("70835.60"));               // "70835.60": trailing zero kept
        assertThat(btc.marketCapUsd()).isEqualTo(new BigDecimal("1394051250970.45"));
        assertThat(btc.volume24hUsd()).isEqualTo(new BigDecimal("24721785938.92"));    // a JSON number, read as a decimal
        assertThat(btc.change1hPct()).isEqualTo(new BigDecimal("0.30"));
        assertThat(btc.change24hPct()).isEqualTo(new BigDecimal("-0.13"));
        assertThat(btc.change7dPct()).isEqualTo(new BigDecimal("4.32"));
        assertThat(btc.observedAt()).isEqualTo(Instant.parse("2026-11-21T18:04:41Z")); // info.time
        assertThat(btc.source()).isEqualTo("coinlore");
        assertThat(quotes.get(8).priceUsd()).isEqualTo(new BigDecimal("0.000024581"));
    }

    @Test
    void coinLore_aStalePage_isRejectedCoinByCoin() throws Exception {
        JsonNode root = ProviderJson.MAPPER.readTree(ProviderStub.resource("coinlore/tickers-stale.json"));
        Instant observed = CoinLoreProvider.observedAt(root, answer("coinlore/tickers-stale.json", Optional.of(DATE)));

        for (JsonNode element : root.get("data")) {
            CoinLoreProvider.read(element, observed, RECEIVED, "poll-1", STALE_AFTER, quotes, rejected);
        }

        assertThat(quotes).isEmpty();
        assertThat(rejected).hasSize(5).allSatisfy(r -> assertThat(r.reason()).startsWith("stale: observed at 2026-11-21T15:04:41Z, 180 min"));
    }

    private static HttpAnswer answer(String resource, Optional<Instant> date) {
        return new HttpAnswer(200, ProviderStub.resource(resource), date, RECEIVED, Duration.ofMillis(5));
    }
}
