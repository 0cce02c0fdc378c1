package io.quotepipe.loader.rollup;

import io.quotepipe.core.Quote;
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
 * batching into objects and the replays. The "table" here is a model that applies each write exactly as the
 * DynamoDB writer does ({@link Candle#fieldsBeating} decides what an update sets; a create happens only when the
 * candle is absent); {@link Recompute} is written independently, from the definitions of open, high, low and close.
 * {@code LoaderIT} checks the same on the local DynamoDB (dynalite) for a few sequences.
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

        Map<CandleKey, Candle> candleTable = new HashMap<>();
        Map<String, Quote> latestTable = new HashMap<>();
        for (List<Quote> object : loads) {
            Rollups rollups = new Rollups(1 + random.nextInt(8)); // small: early flushes happen too
            for (Quote q : object) {
                rollups.add(q);
                if (rollups.isFull()) {
                    write(rollups.drain(), candleTable, latestTable);
                }
            }
            write(rollups.drain(), candleTable, latestTable);
        }

        assertThat(candleTable).isEqualTo(Recompute.candles(distinct));
        assertThat(latestTable).isEqualTo(Recompute.latest(distinct));
    }

    /** What RollupWriter does to an item: create when absent, else set the fields that beat the stored ones. */
    static void write(Rollups.Drained drained, Map<CandleKey, Candle> candles, Map<String, Quote> latest) {
        drained.candles().forEach((key, candle) -> {
            Candle stored = candles.get(key);
            if (stored == null) {
                candles.put(key, candle);
                return;
            }
            Map<CandleField, Point> updated = new HashMap<>();
            for (CandleField f : CandleField.values()) {
                updated.put(f, stored.get(f));
            }
            for (CandleField f : candle.fieldsBeating(stored)) {
                updated.put(f, candle.get(f));
            }
            candles.put(key, Candle.ofStored(updated));
        });
        drained.latest().forEach((symbol, quote) -> {
            Quote stored = latest.get(symbol);
            if (stored == null || Latest.newer(quote, stored)) {
                latest.put(symbol, quote);
            }
        });
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
