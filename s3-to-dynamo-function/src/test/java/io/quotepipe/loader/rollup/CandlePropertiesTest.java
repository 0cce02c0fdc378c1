package io.quotepipe.loader.rollup;

import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteVersion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollups the loader stores equal a recomputation from the history items, whatever the arrival order, the
 * batching into objects and the replays, and whatever contents one history key arrives with. The "table" here is a
 * model that applies each write as the DynamoDB writers do: history keeps the winning version of each key
 * ({@link QuoteVersion}), an hourly candle is the {@link Candle#merge} of its history items in any order, a daily one
 * the merge of its hourly candles, LATEST is replaced by a {@link Latest#newer} quote. {@link Recompute} is written
 * independently, from the definitions of open, high, low and close. {@code LoaderIT} checks the same on the local
 * DynamoDB (dynalite).
 */
class CandlePropertiesTest {

    static final Instant BASE = Instant.parse("2026-11-21T22:00:00.000Z"); // the sequences cross midnight
    static final List<String> SYMBOLS = List.of("BTC", "ETH");
    static final List<String> SOURCES = List.of("coincap", "livecoinwatch");
    /** Few prices, some equal as numbers but not as text, so that ties happen often. */
    static final List<String> PRICES = List.of("1", "2", "2.0", "2.50", "2.5", "7", "10");

    @Property(tries = 400)
    void candlesAndLatestEqualARecomputationFromHistory_whateverTheOrderBatchingAndReplays(
            @ForAll("observations") List<Quote> distinct, @ForAll Random random) {
        // Arrival: every observation at least once, some several times (replays, redelivered batches), shuffled.
        List<Quote> arrivals = new ArrayList<>(distinct);
        int repeats = random.nextInt(distinct.size() + 1);
        for (int i = 0; i < repeats; i++) {
            arrivals.add(distinct.get(random.nextInt(distinct.size())));
        }
        Collections.shuffle(arrivals, random);
        List<List<Quote>> objects = chunks(arrivals, random);
        // Some objects are loaded again, in another position.
        List<List<Quote>> loads = new ArrayList<>(objects);
        for (List<Quote> object : objects) {
            if (random.nextInt(4) == 0) {
                loads.add(random.nextInt(loads.size() + 1), object);
            }
        }

        Map<Object, Quote> historyTable = new HashMap<>();
        Map<String, Quote> latestTable = new HashMap<>();
        for (List<Quote> object : loads) {
            load(object, random, historyTable, latestTable);
        }

        assertThat(candles(historyTable.values(), random)).isEqualTo(Recompute.candles(distinct));
        assertThat(latestTable).isEqualTo(Recompute.latest(distinct));
    }

    /**
     * Issue #13 part 3: some history keys arrive with two or three contents (another fetchedAt, pollId or price).
     * Whatever the order, batching and replays, history holds each key's winner, and the candles and LATEST equal a
     * recomputation from the winners: no losing price is left in a candle.
     */
    @Property(tries = 300)
    void sameKeyWithDifferentContent_historyCandlesAndLatestFollowTheVersionRule(
            @ForAll("observations") List<Quote> distinct, @ForAll Random random) {
        List<Quote> arrivals = new ArrayList<>(distinct);
        for (Quote q : distinct) {
            for (int v = random.nextInt(3); v > 0; v--) {
                arrivals.add(q.toBuilder()
                        .fetchedAt(q.fetchedAt().plusMillis(random.nextInt(2)))
                        .pollId(random.nextBoolean() ? "p" : "q")
                        .priceUsd(new BigDecimal(PRICES.get(random.nextInt(PRICES.size()))))
                        .build());
            }
        }
        Map<Object, Quote> winners = new HashMap<>();
        for (Quote q : arrivals) {
            winners.merge(key(q), q, QuoteVersion::winner);
        }
        Collections.shuffle(arrivals, random);
        List<List<Quote>> loads = new ArrayList<>(chunks(arrivals, random));
        loads.add(random.nextInt(loads.size() + 1), loads.get(random.nextInt(loads.size()))); // a replay

        Map<Object, Quote> historyTable = new HashMap<>();
        Map<String, Quote> latestTable = new HashMap<>();
        for (List<Quote> object : loads) {
            load(object, random, historyTable, latestTable);
        }

        // Compared as canonical content: 2.50 and 2.5 are one version (the table stores numbers as numbers).
        assertThat(canonical(historyTable)).isEqualTo(canonical(winners));
        assertThat(candles(historyTable.values(), random)).isEqualTo(Recompute.candles(winners.values()));
        assertThat(canonical(latestTable)).isEqualTo(canonical(Recompute.latest(winners.values())));
    }

    static <K> Map<K, String> canonical(Map<K, Quote> quotes) {
        Map<K, String> canonical = new HashMap<>();
        quotes.forEach((k, q) -> canonical.put(k, QuoteVersion.canonical(q)));
        return canonical;
    }

    static Object key(Quote q) {
        return Tuple.of(q.symbol(), q.observedAt(), q.source());
    }

    /** What the loader does with one object: history puts by version, then LATEST from the object's rollups. */
    static void load(List<Quote> object, Random random, Map<Object, Quote> history, Map<String, Quote> latest) {
        Rollups rollups = new Rollups(1 + random.nextInt(8)); // small: early flushes happen too
        for (Quote q : object) {
            history.merge(key(q), q, QuoteVersion::winner);
            rollups.add(q);
            if (rollups.isFull()) {
                writeLatest(rollups.drain(), latest);
            }
        }
        writeLatest(rollups.drain(), latest);
    }

    static void writeLatest(Rollups.Drained drained, Map<String, Quote> latest) {
        drained.latest().forEach((symbol, quote) -> {
            Quote stored = latest.get(symbol);
            if (stored == null || Latest.newer(quote, stored)) {
                latest.put(symbol, quote);
            }
        });
    }

    /** The candles as RollupWriter recomputes them: hourly from history in any order, daily from the hourly ones. */
    static Map<CandleKey, Candle> candles(Collection<Quote> history, Random random) {
        List<Quote> shuffled = new ArrayList<>(history);
        Collections.shuffle(shuffled, random);
        Map<CandleKey, Candle> candles = new HashMap<>();
        for (Quote q : shuffled) {
            candles.merge(CandleKey.of(Interval.HOUR, q.symbol(), q.observedAt()), Candle.of(q.priceUsd(), q.observedAt()), Candle::merge);
        }
        List<Map.Entry<CandleKey, Candle>> hours = new ArrayList<>(candles.entrySet());
        Collections.shuffle(hours, random);
        for (Map.Entry<CandleKey, Candle> hour : hours) {
            candles.merge(CandleKey.of(Interval.DAY, hour.getKey().symbol(), hour.getKey().start()), hour.getValue(), Candle::merge);
        }
        return candles;
    }

    static <T> List<List<T>> chunks(List<T> items, Random random) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); ) {
            int size = 1 + random.nextInt(Math.max(1, items.size() / 2));
            chunks.add(new ArrayList<>(items.subList(i, Math.min(items.size(), i + size))));
            i += size;
        }
        return chunks;
    }

    /**
     * Distinct observations: one price per (symbol, observedAt, source), the history key. Times fall on a few
     * 20-minute steps across three hours and midnight, so hourly and daily candles both get several quotes.
     */
    @Provide
    Arbitrary<List<Quote>> observations() {
        Arbitrary<Quote> quote = Combinators.combine(
                Arbitraries.of(SYMBOLS), Arbitraries.of(SOURCES), Arbitraries.integers().between(0, 9),
                Arbitraries.of(PRICES), Arbitraries.integers().between(0, 2))
                .as((symbol, source, step, price, millis) -> quote(symbol, source, BASE.plusSeconds(step * 1200L).plusMillis(millis), price));
        return quote.list().ofMinSize(1).ofMaxSize(40)
                .map(list -> List.copyOf(list.stream().collect(Collectors.toMap(
                        q -> Tuple.of(q.symbol(), q.observedAt(), q.source()), Function.identity(), (a, b) -> a, LinkedHashMap::new)).values()));
    }

    static Quote quote(String symbol, String source, Instant at, String price) {
        return Quote.builder().source(source).symbol(symbol).priceUsd(new BigDecimal(price))
                .observedAt(at).fetchedAt(at).pollId("p").build();
    }
}
