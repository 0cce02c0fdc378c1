package io.quotepipe.poller.provider;

import io.quotepipe.core.Quote;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An offline market: the default when no API key is configured, and what the local run and the
 * tests use. Deterministic: the same seed, coin and poll time always give the same quote, so a test
 * can recompute what it expects and a replayed poll reproduces its data. Needs no network and never
 * fails: last in {@code quotepipe.providers}, it keeps a local run loading through a provider outage.
 */
public final class SimulatedProvider implements QuoteProvider {

    public static final String ID = "simulated";

    /** Real names and rough prices, so that the local run's data looks like a market. */
    private static final String[][] COINS = {
        {"BTC", "Bitcoin", "70835.6"}, {"ETH", "Ethereum", "3512.44"}, {"USDT", "Tether", "1.0002"},
        {"BNB", "BNB", "612.35"}, {"SOL", "Solana", "171.92"}, {"USDC", "USD Coin", "0.99987"},
        {"XRP", "XRP", "0.5231"}, {"DOGE", "Dogecoin", "0.16357"}, {"TON", "Toncoin", "6.8812"},
        {"ADA", "Cardano", "0.4519"}, {"SHIB", "Shiba Inu", "0.000024581"}, {"AVAX", "Avalanche", "35.812"},
        {"TRX", "TRON", "0.1191"}, {"DOT", "Polkadot", "7.0214"}, {"BCH", "Bitcoin Cash", "481.77"},
        {"LINK", "Chainlink", "16.093"}, {"NEAR", "NEAR Protocol", "7.1188"}, {"MATIC", "Polygon", "0.7012"},
        {"LTC", "Litecoin", "83.512"}, {"ICP", "Internet Computer", "12.047"}, {"UNI", "Uniswap", "9.8841"},
        {"DAI", "Dai", "1.0001"}, {"LEO", "UNUS SED LEO", "5.8112"}, {"APT", "Aptos", "8.9723"},
        {"ETC", "Ethereum Classic", "27.613"}, {"PEPE", "Pepe", "0.000012345"}, {"RNDR", "Render", "10.112"},
        {"HBAR", "Hedera", "0.1104"}, {"ATOM", "Cosmos", "8.6612"}, {"XLM", "Stellar", "0.1087"},
        {"FIL", "Filecoin", "5.8134"}, {"OKB", "OKB", "48.221"}, {"ARB", "Arbitrum", "1.0291"},
        {"CRO", "Cronos", "0.1231"}, {"MNT", "Mantle", "1.0713"}, {"STX", "Stacks", "2.0318"},
        {"IMX", "Immutable", "2.1194"}, {"VET", "VeChain", "0.0368"}, {"XMR", "Monero", "133.82"},
        {"INJ", "Injective", "25.511"}, {"OP", "Optimism", "2.4512"}, {"GRT", "The Graph", "0.2871"},
        {"FET", "Fetch.ai", "2.1045"}, {"MKR", "Maker", "2811.9"}, {"TAO", "Bittensor", "431.22"},
        {"AAVE", "Aave", "89.812"}, {"THETA", "Theta Network", "2.0917"}, {"RUNE", "THORChain", "5.9912"},
        {"ALGO", "Algorand", "0.1831"}, {"FLOW", "Flow", "0.8934"},
    };
    private static final MathContext PRICE_DIGITS = new MathContext(8, RoundingMode.HALF_EVEN);

    private final long seed;
    private final int coins;
    private final Clock clock;

    public SimulatedProvider(long seed, int coins) {
        this(seed, coins, Clock.systemUTC());
    }

    public SimulatedProvider(long seed, int coins, Clock clock) {
        if (coins < 1) {
            throw new IllegalArgumentException("quotepipe.simulated.coins must be at least 1, got " + coins);
        }
        this.seed = seed;
        this.coins = coins;
        this.clock = clock;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderPoll fetch(PollRequest request) {
        return new ProviderPoll(ID, fetch(request.pollId(), request.scheduledAt(), clock.instant()), List.of(), Duration.ZERO);
    }

    /** The market at {@code scheduledAt}: observed then, stamped as fetched at {@code fetchedAt}. */
    public List<Quote> fetch(String pollId, Instant scheduledAt, Instant fetchedAt) {
        List<Quote> quotes = new ArrayList<>(coins);
        for (int i = 0; i < coins; i++) {
            quotes.add(quote(i, pollId, scheduledAt, fetchedAt));
        }
        return quotes;
    }

    private Quote quote(int index, String pollId, Instant observedAt, Instant fetchedAt) {
        String symbol = index < COINS.length ? COINS[index][0] : String.format("SIM%04d", index + 1);
        String name = index < COINS.length ? COINS[index][1] : "Simulated coin " + (index + 1);
        BigDecimal base = index < COINS.length ? new BigDecimal(COINS[index][2]) : BigDecimal.valueOf(1000 + index, 2);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index * 7_919L + observedAt.toEpochMilli());
        BigDecimal price = base.multiply(BigDecimal.valueOf(1 + (random.nextDouble() - 0.5) / 10), PRICE_DIGITS);
        return Quote.builder()
                .source(ID).symbol(symbol).name(name).rank(index + 1)
                .priceUsd(price)
                .volume24hUsd(price.multiply(BigDecimal.valueOf(random.nextLong(1_000_000, 10_000_000_000L)))
                        .setScale(0, RoundingMode.HALF_EVEN))
                .marketCapUsd(price.multiply(BigDecimal.valueOf(random.nextLong(10_000_000, 20_000_000_000L)))
                        .setScale(0, RoundingMode.HALF_EVEN))
                .change1hPct(percent(random, 2))
                .change24hPct(percent(random, 8))
                .change7dPct(percent(random, 20))
                .observedAt(observedAt).fetchedAt(fetchedAt).pollId(pollId)
                .build();
    }

    private static BigDecimal percent(SplittableRandom random, int range) {
        return BigDecimal.valueOf(random.nextInt(-range * 100, range * 100 + 1), 2);
    }
}
