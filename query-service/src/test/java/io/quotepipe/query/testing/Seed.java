package io.quotepipe.query.testing;

import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Quote;
import io.quotepipe.core.S3BatchKey;
import io.quotepipe.core.Times;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic test data in exactly the table layout of docs/design.md: history items ({@code COIN#<symbol>} /
 * {@code TS#<observedAt>#<source>}), the {@code LATEST} items, and hourly and daily OHLC rollups computed from the
 * history items, as the loader writes them. Attributes are named as the {@link Quote} fields, decimals are {@code N},
 * times are {@link Times#format} strings.
 *
 * <p>Every coin has one quote every 5 minutes for the 24 hours up to the anchor (289 quotes, the last one at the
 * anchor); BTC also has {@code coincap} quotes for the last 2 hours. Prices move in a fixed integer pattern whose
 * value at the anchor is the coin's base price, so the latest price of PEPE is exactly {@code 0.000000012345}.
 */
public final class Seed {

    public static final Duration EVERY = Duration.ofMinutes(5);
    public static final int STEPS = 288;
    public static final String SOURCE = "livecoinwatch";
    public static final String SECOND_SOURCE = "coincap";

    /** A coin of the seed. */
    public record Coin(String symbol, String name, int rank, BigDecimal basePrice, int scale,
            BigDecimal volume24hUsd, BigDecimal supply, BigDecimal change7dPct) {
    }

    /** BTC, ETH, SOL and PEPE (a price with twelve decimal places). */
    public static final List<Coin> COINS = List.of(
            new Coin("BTC", "Bitcoin", 1, new BigDecimal("70835.6"), 2, new BigDecimal("24721785938"),
                    new BigDecimal("19680000"), new BigDecimal("4.32")),
            new Coin("ETH", "Ethereum", 2, new BigDecimal("3512.42"), 2, new BigDecimal("11873651227"),
                    new BigDecimal("120300000"), new BigDecimal("-1.87")),
            new Coin("SOL", "Solana", 5, new BigDecimal("187.31"), 3, new BigDecimal("3051002334"),
                    new BigDecimal("463000000"), new BigDecimal("9.05")),
            new Coin("PEPE", "Pepe", 30, new BigDecimal("0.000000012345"), 15, new BigDecimal("612345678"),
                    new BigDecimal("420690000000000"), new BigDecimal("-12.4")));

    private final Instant anchor;
    private final List<Coin> coins;
    private final List<Quote> history = new ArrayList<>();

    private Seed(Instant anchor, List<Coin> coins) {
        this.anchor = Times.millis(anchor);
        this.coins = List.copyOf(coins);
        for (Coin coin : coins) {
            for (int k = STEPS; k >= 0; k--) {
                history.add(quote(coin, SOURCE, k, 0));
            }
            if (coin.symbol().equals("BTC")) {
                for (int k = 24; k >= 0; k--) {
                    history.add(quote(coin, SECOND_SOURCE, k, 3));
                }
            }
        }
    }

    /** The four coins, with their last quote at {@code anchor}. */
    public static Seed of(Instant anchor) {
        return new Seed(anchor, COINS);
    }

    public static Seed of(Instant anchor, List<Coin> coins) {
        return new Seed(anchor, coins);
    }

    /** The anchor of tests that run against "now": the start of the current 5-minute slot. */
    public static Instant nowSlot() {
        long slot = EVERY.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(Instant.now().toEpochMilli(), slot) * slot);
    }

    /** {@code n} synthetic coins {@code C001}.. with prices 1.5, 2.5, ...: a realistic LATEST partition. */
    public static List<Coin> syntheticCoins(int n) {
        List<Coin> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new Coin(String.format("C%03d", i), "Coin " + i, 100 + i, new BigDecimal(i).add(new BigDecimal("0.5")), 4,
                    new BigDecimal(1_000_000L * i), new BigDecimal(10_000_000L), new BigDecimal("1.5")));
        }
        return out;
    }

    public Instant anchor() {
        return anchor;
    }

    public List<Coin> coins() {
        return coins;
    }

    /** Every history quote, per coin oldest first. */
    public List<Quote> history() {
        return List.copyOf(history);
    }

    /** The history of one coin from every source, in table order (by sort key). */
    public List<Quote> history(String symbol) {
        return history.stream().filter(q -> q.symbol().equals(symbol))
                .sorted(Comparator.comparing(q -> DynamoKeys.historySk(q.observedAt(), q.source())))
                .toList();
    }

    /** The quote of {@code coin} from {@code source} {@code k} steps before the anchor. */
    private Quote quote(Coin coin, String source, int k, int sourceSkew) {
        Instant observedAt = anchor.minus(EVERY.multipliedBy(k));
        BigDecimal price = price(coin, k, sourceSkew);
        BigDecimal hourAgo = price(coin, k + 12, sourceSkew);
        BigDecimal dayAgo = price(coin, k + STEPS, sourceSkew);
        return Quote.builder()
                .source(source)
                .symbol(coin.symbol())
                .name(coin.name())
                .rank(coin.rank())
                .priceUsd(price)
                .volume24hUsd(coin.volume24hUsd())
                .marketCapUsd(price.multiply(coin.supply()).setScale(0, RoundingMode.HALF_EVEN))
                .change1hPct(percent(price, hourAgo))
                .change24hPct(percent(price, dayAgo))
                .change7dPct(coin.change7dPct())
                .observedAt(observedAt)
                .fetchedAt(observedAt.plusMillis(412))
                .pollId(source + "-" + Times.format(observedAt))
                .build();
    }

    /**
     * The base price moved along two slow waves, shifted per coin, that cross 0 at the anchor (k = 0). StrictMath
     * gives the same digits on every JVM, so the data (and the README's outputs) never change.
     */
    static BigDecimal price(Coin coin, int k, int skew) {
        int phase = coin.rank() * 17;
        long perHundredThousand = wave(k + phase) - wave(phase) + (k == 0 ? 0 : skew * 40L);
        return coin.basePrice().multiply(BigDecimal.valueOf(100_000 + perHundredThousand))
                .divide(BigDecimal.valueOf(100_000), coin.scale(), RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
    }

    private static long wave(int x) {
        return Math.round(1800 * StrictMath.sin(x / 31.0) + 600 * StrictMath.sin(x / 7.3));
    }

    private static BigDecimal percent(BigDecimal now, BigDecimal before) {
        return now.subtract(before).multiply(BigDecimal.valueOf(100)).divide(before, 2, RoundingMode.HALF_EVEN);
    }

    /** The latest quote of each coin: its last {@code livecoinwatch} quote, at the anchor. */
    public List<Quote> latest() {
        return coins.stream()
                .map(c -> history.stream()
                        .filter(q -> q.symbol().equals(c.symbol()) && q.source().equals(SOURCE))
                        .max(Comparator.comparing(Quote::observedAt)).orElseThrow())
                .toList();
    }

    public Quote latest(String symbol) {
        return latest().stream().filter(q -> q.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    /** A rollup as docs/design.md describes it, recomputed from the history items. */
    public record Ohlc(String symbol, Interval interval, Instant start, Quote open, Quote high, Quote low, Quote close) {
    }

    /** The candles of one coin, oldest first, over every source (as the loader's rollup is). */
    public List<Ohlc> candles(String symbol, Interval interval) {
        TreeMap<Instant, List<Quote>> byStart = new TreeMap<>();
        for (Quote q : history(symbol)) {
            byStart.computeIfAbsent(interval.start(q.observedAt()), s -> new ArrayList<>()).add(q);
        }
        List<Ohlc> out = new ArrayList<>();
        byStart.forEach((start, quotes) -> {
            List<Quote> byTime = quotes.stream().sorted(Comparator.comparing(Quote::observedAt)).toList();
            Quote high = byTime.getFirst();
            Quote low = byTime.getFirst();
            for (Quote q : byTime) {
                if (q.priceUsd().compareTo(high.priceUsd()) > 0) {
                    high = q;
                }
                if (q.priceUsd().compareTo(low.priceUsd()) < 0) {
                    low = q;
                }
            }
            out.add(new Ohlc(symbol, interval, start, byTime.getFirst(), high, low, byTime.getLast()));
        });
        return out;
    }

    /** Every item of the seed, in the docs/design.md layout. */
    public List<Map<String, AttributeValue>> items() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Quote q : history) {
            items.add(historyItem(q));
        }
        for (Quote q : latest()) {
            items.add(latestItem(q));
        }
        for (Coin coin : coins) {
            for (Interval interval : Interval.values()) {
                for (Ohlc c : candles(coin.symbol(), interval)) {
                    items.add(candleItem(c));
                }
            }
        }
        return items;
    }

    /** A history item as the loader writes it: the quote's fields by name, plus its lineage {@code s3Key}. */
    public static Map<String, AttributeValue> historyItem(Quote q) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(DynamoKeys.PK, s(DynamoKeys.historyPk(q.symbol())));
        item.put(DynamoKeys.SK, s(DynamoKeys.historySk(q.observedAt(), q.source())));
        item.put("schemaVersion", AttributeValue.fromN(Integer.toString(q.schemaVersion())));
        item.put("source", s(q.source()));
        item.put("symbol", s(q.symbol()));
        item.put("name", s(q.name()));
        item.put("rank", AttributeValue.fromN(q.rank().toString()));
        item.put("priceUsd", n(q.priceUsd()));
        item.put("volume24hUsd", n(q.volume24hUsd()));
        item.put("marketCapUsd", n(q.marketCapUsd()));
        item.put("change1hPct", n(q.change1hPct()));
        item.put("change24hPct", n(q.change24hPct()));
        item.put("change7dPct", n(q.change7dPct()));
        item.put("observedAt", s(Times.format(q.observedAt())));
        item.put("fetchedAt", s(Times.format(q.fetchedAt())));
        item.put("pollId", s(q.pollId()));
        S3BatchKey batch = new S3BatchKey("crypto-quotes", Math.floorMod(q.symbol().hashCode(), 3),
                q.observedAt().getEpochSecond() / 300, q.fetchedAt().plusMillis(40), true);
        item.put("s3Key", s(batch.key()));
        return item;
    }

    /** The {@code LATEST} item of a quote: the same attributes as its history item, under {@code LATEST}. */
    public static Map<String, AttributeValue> latestItem(Quote q) {
        Map<String, AttributeValue> item = historyItem(q);
        item.put(DynamoKeys.PK, s(DynamoKeys.LATEST_PK));
        item.put(DynamoKeys.SK, s(DynamoKeys.latestSk(q.symbol())));
        return item;
    }

    public static Map<String, AttributeValue> candleItem(Ohlc c) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(DynamoKeys.PK, s(DynamoKeys.candlePk(c.interval(), c.symbol())));
        item.put(DynamoKeys.SK, s(DynamoKeys.candleSk(c.interval(), c.start())));
        item.put("open", n(c.open().priceUsd()));
        item.put("high", n(c.high().priceUsd()));
        item.put("low", n(c.low().priceUsd()));
        item.put("close", n(c.close().priceUsd()));
        item.put("openAt", s(Times.format(c.open().observedAt())));
        item.put("highAt", s(Times.format(c.high().observedAt())));
        item.put("lowAt", s(Times.format(c.low().observedAt())));
        item.put("closeAt", s(Times.format(c.close().observedAt())));
        return item;
    }

    /** Writes every item with BatchWriteItem (puts: writing twice leaves the table as it was). */
    public Seed writeTo(DynamoDbClient dynamo, String table) {
        write(dynamo, table, items());
        return this;
    }

    public static void write(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
        for (int i = 0; i < items.size(); i += 25) {
            List<WriteRequest> batch = items.subList(i, Math.min(i + 25, items.size())).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 10) {
                    throw new IllegalStateException("DynamoDB left items unprocessed 10 times while seeding " + table);
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
    }

    /** Creates a table with the layout of docs/design.md (string keys pk/sk, on demand) unless it exists. */
    public static void createTable(DynamoDbClient dynamo, String table) {
        try {
            dynamo.createTable(t -> t.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(DynamoKeys.PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(DynamoKeys.SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(DynamoKeys.PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(DynamoKeys.SK).keyType(KeyType.RANGE).build()));
            dynamo.waiter().waitUntilTableExists(t -> t.tableName(table));
        } catch (ResourceInUseException alreadyThere) {
            // Made by an earlier test class of this run: what was wanted.
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(BigDecimal value) {
        return AttributeValue.fromN(value.toPlainString());
    }
}
