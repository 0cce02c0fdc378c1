package io.quotepipe.poller;

import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteValidator;
import io.quotepipe.poller.provider.SimulatedProvider;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The simulated market as a market: a continuous random walk per coin, changes that are its real changes, market caps
 * from a fixed supply, ranks in market-cap order, stablecoins held to 1.00, and every quote a pure function of
 * (seed, coin, instant). Properties run over random instants from 2020 to 2035.
 */
class SimulatedProviderTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");
    static final long FROM = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    static final long TO = Instant.parse("2035-01-01T00:00:00Z").toEpochMilli();
    static final List<String> STABLECOINS = List.of("USDT", "USDC", "DAI");

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(FROM, TO).map(Instant::ofEpochMilli);
    }

    @Property(tries = 50)
    void givesTheSameQuotes_forTheSameSeedAndInstant_whateverCameBefore(@ForAll long seed,
            @ForAll("instants") Instant at, @ForAll("instants") Instant before) {
        SimulatedProvider fresh = new SimulatedProvider(seed, 60);
        SimulatedProvider used = new SimulatedProvider(seed, 60);
        used.fetch("earlier", before, before);

        assertThat(used.fetch("p", at, at)).isEqualTo(fresh.fetch("p", at, at));
    }

    @Property(tries = 100)
    void movesContinuously_lessThanAFifthOfAPercentWithin10Seconds(@ForAll("instants") Instant at,
            @ForAll @LongRange(min = 1, max = 10_000) long millis) {
        SimulatedProvider market = new SimulatedProvider(42, 60);

        for (String symbol : market.symbols()) {
            BigDecimal now = market.price(symbol, at);
            BigDecimal then = market.price(symbol, at.plusMillis(millis));
            assertThat(SimulatedProvider.percentChange(then, now).abs()).as(symbol + " within " + millis + " ms of " + at)
                    .isLessThanOrEqualTo(new BigDecimal("0.2"));
        }
    }

    @Property(tries = 100)
    void reportsTheWalksOwnChanges_overOneHour24HoursAnd7Days(@ForAll("instants") Instant at) {
        SimulatedProvider market = new SimulatedProvider(42, 60);
        Map<String, Quote> now = bySymbol(market.fetch("p", at, at));
        Map<String, Quote> hourAgo = bySymbol(market.fetch("p", at.minus(Duration.ofHours(1)), at));
        Map<String, Quote> dayAgo = bySymbol(market.fetch("p", at.minus(Duration.ofDays(1)), at));
        Map<String, Quote> weekAgo = bySymbol(market.fetch("p", at.minus(Duration.ofDays(7)), at));

        now.forEach((symbol, q) -> {
            assertThat(q.priceUsd()).as(symbol).isEqualTo(market.price(symbol, at));
            assertThat(q.change1hPct()).as(symbol + " 1h").isEqualTo(percent(q.priceUsd(), hourAgo.get(symbol).priceUsd()));
            assertThat(q.change24hPct()).as(symbol + " 24h").isEqualTo(percent(q.priceUsd(), dayAgo.get(symbol).priceUsd()));
            assertThat(q.change7dPct()).as(symbol + " 7d").isEqualTo(percent(q.priceUsd(), weekAgo.get(symbol).priceUsd()));
        });
    }

    @Property(tries = 200)
    void holdsStablecoins_within0point2PercentOf1Dollar(@ForAll("instants") Instant at) {
        SimulatedProvider market = new SimulatedProvider(42, 50);

        for (String symbol : STABLECOINS) {
            assertThat(market.isStablecoin(symbol)).isTrue();
            assertThat(market.price(symbol, at)).as(symbol + " at " + at)
                    .isBetween(new BigDecimal("0.998"), new BigDecimal("1.002"));
        }
    }

    @Property(tries = 50)
    void valuesEachCoinAtItsPriceTimesAFixedSupply_andRanksThemByMarketCap(@ForAll("instants") Instant at,
            @ForAll @IntRange(min = 1, max = 120) int coins) {
        SimulatedProvider market = new SimulatedProvider(42, coins);
        List<Quote> quotes = market.fetch("p", at, at);

        assertThat(quotes).hasSize(coins);
        assertThat(quotes).extracting(Quote::rank).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, coins).boxed().toList());
        assertThat(quotes).extracting(Quote::marketCapUsd).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(quotes).allSatisfy(q -> {
            assertThat(q.marketCapUsd()).as(q.symbol())
                    .isEqualTo(q.priceUsd().multiply(market.circulatingSupply(q.symbol())).setScale(0, RoundingMode.HALF_EVEN));
            assertThat(QuoteValidator.validate(q)).as(q.symbol()).isEmpty();
            // A day's volume is a plausible share of the coin's worth: from a tenth of a percent to its whole value.
            assertThat(q.volume24hUsd().divide(q.marketCapUsd(), 6, RoundingMode.HALF_EVEN)).as(q.symbol())
                    .isBetween(new BigDecimal("0.0005"), BigDecimal.ONE);
        });
    }

    @Test
    void movesAsARealMarketDoes_btcAboutTwoAndAHalfPercentADay_memecoinsMore() {
        SimulatedProvider market = new SimulatedProvider(42, 50);

        assertThat(dailySpread(market, "BTC")).isCloseTo(0.025, within(0.008));
        assertThat(dailySpread(market, "ETH")).isCloseTo(0.03, within(0.01));
        assertThat(dailySpread(market, "PEPE")).isGreaterThan(dailySpread(market, "BTC") * 2);
        assertThat(dailySpread(market, "USDT")).isLessThan(0.001);
    }

    /** Standard deviation of the 24 h log-change over 2,000 consecutive days. */
    private static double dailySpread(SimulatedProvider market, String symbol) {
        double sum = 0;
        double squares = 0;
        int days = 2_000;
        Instant start = Instant.ofEpochMilli(FROM);
        BigDecimal before = market.price(symbol, start);
        for (int d = 1; d <= days; d++) {
            BigDecimal now = market.price(symbol, start.plus(Duration.ofDays(d)));
            double x = Math.log(now.doubleValue() / before.doubleValue());
            sum += x;
            squares += x * x;
            before = now;
        }
        return Math.sqrt(squares / days - (sum / days) * (sum / days));
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

    private static Map<String, Quote> bySymbol(List<Quote> quotes) {
        return quotes.stream().collect(Collectors.toMap(Quote::symbol, Function.identity()));
    }

    /** The relative change in percent, to four decimal places, computed here rather than by the provider. */
    private static BigDecimal percent(BigDecimal now, BigDecimal before) {
        return now.subtract(before).multiply(BigDecimal.valueOf(100)).divide(before, 4, RoundingMode.HALF_EVEN);
    }
}
