package io.quotepipe.poller.provider;

import io.quotepipe.core.Quote;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An offline market: the default when no API key is configured, and what the local run and the tests use.
 *
 * <p>Each coin's price is a continuous random walk in time that can be computed at any instant without history:
 * the log-price is a sum of seeded value noise at 17 time scales, from 2 minutes to about 3 months, each scale's
 * weight growing with the square root of its period as a random walk's spread does. So the price at an instant is
 * a pure function of (seed, coin, instant): a replayed poll reproduces its data, a test computes what it expects
 * ({@link #price}), and no state is kept between polls. Daily moves have the order of a real market's (BTC about
 * 2.5 % a day, memecoins about 6 %), and a stablecoin stays within 0.15 % of 1.00. {@code change1hPct},
 * {@code change24hPct} and {@code change7dPct} are the walk's own relative changes over those windows (from the
 * prices this provider gives at those earlier instants), {@code marketCapUsd} is the price times a fixed
 * circulating supply of the right order, and {@code rank} is the order of market caps at the instant.
 *
 * <p>Needs no network and never fails: last in {@code quotepipe.providers}, it keeps a local run loading through a
 * provider outage.
 */
public final class SimulatedProvider implements QuoteProvider {

    public static final String ID = "simulated";

    /** Kind of coin, which sets how its price moves. */
    private enum Kind {
        /** Held to 1 USD: the walk is bounded to {@link #STABLE_BAND} in log-price. */
        STABLE,
        /** A coin that moves freely, with the given daily volatility. */
        FREE
    }

    /** A named coin: rough real price, circulating supply, daily volatility, 24 h volume as a share of market cap. */
    private record Coin(String symbol, String name, double price, BigDecimal supply, Kind kind, double dailyVolatility,
            double turnover) {
    }

    private static Coin coin(String symbol, String name, String price, String supply, double volatility, double turnover) {
        return new Coin(symbol, name, Double.parseDouble(price), new BigDecimal(supply), Kind.FREE, volatility, turnover);
    }

    private static Coin stable(String symbol, String name, String supply, double turnover) {
        return new Coin(symbol, name, 1.0, new BigDecimal(supply), Kind.STABLE, 0, turnover);
    }

    /** Real names, rough prices and circulating supplies (late 2024), so that the local run looks like a market. */
    private static final List<Coin> COINS = List.of(
            coin("BTC", "Bitcoin", "70835.6", "19780000", 0.025, 0.03),
            coin("ETH", "Ethereum", "3512.44", "120400000", 0.03, 0.06),
            stable("USDT", "Tether", "120000000000", 0.45),
            coin("BNB", "BNB", "612.35", "145900000", 0.03, 0.02),
            coin("SOL", "Solana", "171.92", "470000000", 0.045, 0.05),
            stable("USDC", "USD Coin", "36000000000", 0.2),
            coin("XRP", "XRP", "0.5231", "56700000000", 0.04, 0.04),
            coin("DOGE", "Dogecoin", "0.16357", "146000000000", 0.06, 0.06),
            coin("TON", "Toncoin", "6.8812", "2540000000", 0.045, 0.02),
            coin("ADA", "Cardano", "0.4519", "35000000000", 0.045, 0.03),
            coin("SHIB", "Shiba Inu", "0.000024581", "589000000000000", 0.06, 0.05),
            coin("AVAX", "Avalanche", "35.812", "407000000", 0.05, 0.04),
            coin("TRX", "TRON", "0.1191", "87000000000", 0.03, 0.03),
            coin("DOT", "Polkadot", "7.0214", "1500000000", 0.045, 0.03),
            coin("BCH", "Bitcoin Cash", "481.77", "19700000", 0.04, 0.04),
            coin("LINK", "Chainlink", "16.093", "626000000", 0.045, 0.04),
            coin("NEAR", "NEAR Protocol", "7.1188", "1200000000", 0.05, 0.05),
            coin("MATIC", "Polygon", "0.7012", "9900000000", 0.045, 0.04),
            coin("LTC", "Litecoin", "83.512", "75000000", 0.035, 0.05),
            coin("ICP", "Internet Computer", "12.047", "470000000", 0.05, 0.03),
            coin("UNI", "Uniswap", "9.8841", "600000000", 0.05, 0.04),
            stable("DAI", "Dai", "5300000000", 0.05),
            coin("LEO", "UNUS SED LEO", "5.8112", "925000000", 0.015, 0.001),
            coin("APT", "Aptos", "8.9723", "500000000", 0.05, 0.05),
            coin("ETC", "Ethereum Classic", "27.613", "148000000", 0.045, 0.05),
            coin("PEPE", "Pepe", "0.000012345", "420690000000000", 0.07, 0.15),
            coin("RNDR", "Render", "10.112", "390000000", 0.055, 0.05),
            coin("HBAR", "Hedera", "0.1104", "37000000000", 0.045, 0.02),
            coin("ATOM", "Cosmos", "8.6612", "390000000", 0.045, 0.04),
            coin("XLM", "Stellar", "0.1087", "29000000000", 0.04, 0.03),
            coin("FIL", "Filecoin", "5.8134", "590000000", 0.05, 0.06),
            coin("OKB", "OKB", "48.221", "60000000", 0.03, 0.01),
            coin("ARB", "Arbitrum", "1.0291", "3500000000", 0.055, 0.08),
            coin("CRO", "Cronos", "0.1231", "27000000000", 0.04, 0.01),
            coin("MNT", "Mantle", "1.0713", "3200000000", 0.045, 0.03),
            coin("STX", "Stacks", "2.0318", "1500000000", 0.055, 0.04),
            coin("IMX", "Immutable", "2.1194", "1600000000", 0.055, 0.03),
            coin("VET", "VeChain", "0.0368", "72000000000", 0.045, 0.02),
            coin("XMR", "Monero", "133.82", "18400000", 0.035, 0.03),
            coin("INJ", "Injective", "25.511", "97000000", 0.06, 0.06),
            coin("OP", "Optimism", "2.4512", "1100000000", 0.055, 0.07),
            coin("GRT", "The Graph", "0.2871", "9500000000", 0.055, 0.04),
            coin("FET", "Fetch.ai", "2.1045", "2500000000", 0.06, 0.05),
            coin("MKR", "Maker", "2811.9", "920000", 0.045, 0.04),
            coin("TAO", "Bittensor", "431.22", "7300000", 0.06, 0.03),
            coin("AAVE", "Aave", "89.812", "15000000", 0.05, 0.1),
            coin("THETA", "Theta Network", "2.0917", "1000000000", 0.05, 0.02),
            coin("RUNE", "THORChain", "5.9912", "340000000", 0.06, 0.08),
            coin("ALGO", "Algorand", "0.1831", "8200000000", 0.045, 0.03),
            coin("FLOW", "Flow", "0.8934", "1500000000", 0.05, 0.03));

    /** The walk's finest time scale; each next one is twice as long, up to {@code 2 min << 16}, about 91 days. */
    private static final double FINEST_PERIOD_SECONDS = 120;
    private static final int SCALES = 17;
    private static final double DAY_SECONDS = 86_400;
    /**
     * Makes the standard deviation of a free coin's 24 h log-change about its daily volatility (measured over
     * thousands of days by SimulatedProviderTest).
     */
    private static final double DAILY_SPREAD = 0.8;
    /** A stablecoin's log-price stays within this of 0: price within about 0.15 % of 1.00. */
    private static final double STABLE_BAND = 0.0015;
    /** Volume swings by up to this factor (in log) around its coin's turnover. */
    private static final double VOLUME_SWING = 0.35;
    /** Random-walk weights of the time scales: the spread of a walk's change grows with the square root of time. */
    private static final double[] WALK_WEIGHTS = new double[SCALES];
    private static final double WALK_WEIGHT_SUM;
    private static final MathContext PRICE_DIGITS = new MathContext(8, RoundingMode.HALF_EVEN);
    /** Percent changes to four decimal places: a stablecoin's 0.0123 % move still shows. */
    private static final int CHANGE_SCALE = 4;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** The names of the salts that keep the price, the volume and a synthetic coin's traits independent. */
    private static final long PRICE = 1;
    private static final long VOLUME = 2;
    private static final long TRAITS = 3;

    static {
        double sum = 0;
        for (int k = 0; k < SCALES; k++) {
            WALK_WEIGHTS[k] = Math.sqrt(FINEST_PERIOD_SECONDS * (1L << k) / DAY_SECONDS);
            sum += WALK_WEIGHTS[k];
        }
        WALK_WEIGHT_SUM = sum;
    }

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
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderPoll fetch(PollRequest request) {
        return new ProviderPoll(ID, fetch(request.pollId(), request.scheduledAt(), clock.instant()), List.of(), Duration.ZERO);
    }

    /**
     * The market at {@code scheduledAt}, best rank first: observed then, stamped as fetched at {@code fetchedAt}.
     * The same seed and {@code scheduledAt} always give the same quotes.
     */
    public List<Quote> fetch(String pollId, Instant scheduledAt, Instant fetchedAt) {
        Instant at = Instant.ofEpochMilli(scheduledAt.toEpochMilli());
        List<Quote.Builder> quotes = new ArrayList<>(coins);
        List<BigDecimal> caps = new ArrayList<>(coins);
        for (int i = 0; i < coins; i++) {
            BigDecimal price = price(i, at);
            BigDecimal cap = marketCap(i, price);
            caps.add(cap);
            quotes.add(Quote.builder()
                    .source(ID).symbol(symbol(i)).name(name(i))
                    .priceUsd(price)
                    .volume24hUsd(volume(i, at, cap))
                    .marketCapUsd(cap)
                    .change1hPct(percentChange(price, price(i, at.minus(Duration.ofHours(1)))))
                    .change24hPct(percentChange(price, price(i, at.minus(Duration.ofDays(1)))))
                    .change7dPct(percentChange(price, price(i, at.minus(Duration.ofDays(7)))))
                    .observedAt(at).fetchedAt(fetchedAt).pollId(pollId));
        }
        // Rank is the order of market caps at this instant (ties by symbol, so that it is total and stable).
        List<Integer> byCap = new ArrayList<>(coins);
        for (int i = 0; i < coins; i++) {
            byCap.add(i);
        }
        byCap.sort(Comparator.<Integer, BigDecimal>comparing(caps::get).reversed().thenComparing(this::symbol));
        List<Quote> out = new ArrayList<>(coins);
        for (int r = 0; r < byCap.size(); r++) {
            out.add(quotes.get(byCap.get(r)).rank(r + 1).build());
        }
        return out;
    }

    /** The symbols this market lists, in the order of its configuration (not of rank). */
    public List<String> symbols() {
        List<String> out = new ArrayList<>(coins);
        for (int i = 0; i < coins; i++) {
            out.add(symbol(i));
        }
        return out;
    }

    /** The price of {@code symbol} at {@code at} (to the millisecond), as a quote observed then carries it. */
    public BigDecimal price(String symbol, Instant at) {
        return price(index(symbol), Instant.ofEpochMilli(at.toEpochMilli()));
    }

    /** The fixed circulating supply of {@code symbol}: its market cap is its price times this. */
    public BigDecimal circulatingSupply(String symbol) {
        return supply(index(symbol));
    }

    /** Whether {@code symbol} is held to 1 USD. */
    public boolean isStablecoin(String symbol) {
        int i = index(symbol);
        return i < COINS.size() && COINS.get(i).kind() == Kind.STABLE;
    }

    /** {@code (now - before) / before} in percent, to {@value #CHANGE_SCALE} decimal places. */
    public static BigDecimal percentChange(BigDecimal now, BigDecimal before) {
        return now.subtract(before).multiply(HUNDRED).divide(before, CHANGE_SCALE, RoundingMode.HALF_EVEN);
    }

    private int index(String symbol) {
        for (int i = 0; i < Math.min(coins, COINS.size()); i++) {
            if (COINS.get(i).symbol().equals(symbol)) {
                return i;
            }
        }
        if (symbol.startsWith("SIM")) {
            try {
                int i = Integer.parseInt(symbol.substring(3)) - 1;
                if (i >= COINS.size() && i < coins && symbol(i).equals(symbol)) {
                    return i;
                }
            } catch (NumberFormatException e) {
                // not one of ours: answered below
            }
        }
        throw new IllegalArgumentException("the simulated market of " + coins + " coins does not list " + symbol);
    }

    private String symbol(int i) {
        return i < COINS.size() ? COINS.get(i).symbol() : String.format("SIM%04d", i + 1);
    }

    private String name(int i) {
        return i < COINS.size() ? COINS.get(i).name() : "Simulated coin " + (i + 1);
    }

    private BigDecimal price(int i, Instant at) {
        double seconds = at.toEpochMilli() / 1000.0;
        double logMove;
        double base;
        if (i < COINS.size() && COINS.get(i).kind() == Kind.STABLE) {
            logMove = STABLE_BAND * noise(i, PRICE, seconds, 0) / WALK_WEIGHT_SUM;
            base = 1.0;
        } else {
            logMove = DAILY_SPREAD * volatility(i) * noise(i, PRICE, seconds, 0);
            base = basePrice(i);
        }
        // StrictMath: the same digits on every JVM and CPU, so that a replay reproduces a quote to the last digit.
        return new BigDecimal(base * StrictMath.exp(logMove), PRICE_DIGITS);
    }

    private BigDecimal marketCap(int i, BigDecimal price) {
        return price.multiply(supply(i)).setScale(0, RoundingMode.HALF_EVEN);
    }

    /** A share of the market cap that swings slowly (scales of an hour and more) around the coin's turnover. */
    private BigDecimal volume(int i, Instant at, BigDecimal cap) {
        double turnover = i < COINS.size() ? COINS.get(i).turnover() : 0.02 + 0.08 * unit(i, TRAITS, 1);
        double swing = VOLUME_SWING * noise(i, VOLUME, at.toEpochMilli() / 1000.0, 5) / WALK_WEIGHT_SUM;
        return new BigDecimal(cap.doubleValue() * turnover * StrictMath.exp(swing), PRICE_DIGITS)
                .setScale(0, RoundingMode.HALF_EVEN);
    }

    private double volatility(int i) {
        return i < COINS.size() ? COINS.get(i).dailyVolatility() : 0.04 + 0.03 * unit(i, TRAITS, 2);
    }

    /** A synthetic coin's price at the walk's centre: from 0.001 to 100 USD, spread evenly in log. */
    private double basePrice(int i) {
        return i < COINS.size() ? COINS.get(i).price() : StrictMath.pow(10, -3 + 5 * unit(i, TRAITS, 0));
    }

    /** Synthetic coins come after the named ones, each worth a little less than the one before. */
    private BigDecimal supply(int i) {
        if (i < COINS.size()) {
            return COINS.get(i).supply();
        }
        double cap = 1.2e9 * COINS.size() / (i + 1.0);
        return new BigDecimal(cap / basePrice(i), new MathContext(6, RoundingMode.HALF_EVEN)).setScale(0, RoundingMode.HALF_EVEN);
    }

    /**
     * Value noise summed over the time scales from {@code from} on, each scale weighted as a random walk's spread:
     * at every multiple of a scale's period a seeded value in [-1, 1], smoothly interpolated in between. Continuous
     * in time, bounded by the sum of the weights, and computed from (seed, coin, instant) alone.
     */
    private double noise(int coin, long salt, double seconds, int from) {
        double sum = 0;
        for (int k = from; k < SCALES; k++) {
            double u = seconds / (FINEST_PERIOD_SECONDS * (1L << k));
            double cell = Math.floor(u);
            double f = u - cell;
            double a = lattice(coin, salt, k, (long) cell);
            double b = lattice(coin, salt, k, (long) cell + 1);
            double smooth = f * f * (3 - 2 * f);
            sum += WALK_WEIGHTS[k] * (a + (b - a) * smooth);
        }
        return sum;
    }

    /** The seeded value of one lattice point, uniform in [-1, 1]. */
    private double lattice(int coin, long salt, int scale, long cell) {
        return 2 * unit(coin, salt * 64 + scale, cell) - 1;
    }

    /** A value uniform in [0, 1) that depends only on the seed and the three numbers (SplitMix64's finaliser). */
    private double unit(long coin, long salt, long cell) {
        long h = mix(seed ^ mix(coin * 0x9E3779B97F4A7C15L + salt));
        h = mix(h ^ (cell * 0xC2B2AE3D27D4EB4FL));
        return (h >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
