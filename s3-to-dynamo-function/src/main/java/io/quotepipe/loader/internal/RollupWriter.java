package io.quotepipe.loader.internal;

import io.quotepipe.core.CandleItem;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteItems;
import io.quotepipe.core.Times;
import io.quotepipe.loader.rollup.Candle;
import io.quotepipe.loader.rollup.CandleField;
import io.quotepipe.loader.rollup.CandleKey;
import io.quotepipe.loader.rollup.Latest;
import io.quotepipe.loader.rollup.Point;
import io.quotepipe.core.time.BlockingBackoff;
import io.quotepipe.core.time.Deadline;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the gold items: the OHLC candles, recomputed from their sources, and the latest snapshot, with a conditional
 * write each.
 *
 * <p><b>Candles.</b> An hourly candle is recomputed from the coin's history items of that hour, a daily one from its
 * hourly candles. History holds one version per key, the winning one ({@link HistoryWriter}), so a candle cannot keep
 * the price of a losing content, as a merge of every arriving price would. The loader writes a candle only after the
 * history (for a daily candle: the hourly candles) of its object is written. Concurrency: each write is conditioned
 * on the candle's {@code rev} as read <em>before</em> its sources were queried. Take the last successful write of a
 * candle: nobody wrote the candle between its read and its write, so every other loader's write came before that read
 * or failed and was redone. A loader writes its sources before it reads the candle, so every source written by a
 * loader whose own write came before, or that has yet to redo it, is either in the last writer's query or followed
 * by a redo that sees it: the last write always holds every source. A refused write is another loader's progress, so
 * there is no give-up count; only the invocation's deadline ends the retries, with a retriable failure.
 *
 * <p>One exception: an hour older than the history retention may have lost items to TTL, so its candle is merged
 * with the object's prices instead of recomputed (a late replay of an old object cannot shrink it).
 *
 * <p><b>Latest.</b> {@link Latest#CONDITION}: the stored snapshot is replaced only by a greater
 * {@code (observedAt, source, version)}. Thread-safe.
 */
public final class RollupWriter {

    /**
     * Refused candle writes retried at once. Each refusal means another loader wrote the candle meanwhile, so an
     * immediate retry usually wins; past this many, writers of a busy candle (a backlog loading many objects of one
     * day) are spread with {@link BlockingBackoff}'s jitter instead of hitting the item in lockstep.
     */
    static final int IMMEDIATE_CANDLE_ATTEMPTS = 3;

    private final DynamoDbClient dynamo;
    private final String table;
    private final BlockingBackoff backoff;
    private final Optional<Duration> retention;
    private final Clock clock;

    public RollupWriter(DynamoDbClient dynamo, String table, BlockingBackoff backoff, Optional<Duration> retention, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Brings the candle of {@code key} up to date with its sources; {@code mine} is what this object holds of it,
     * used only where the sources may have expired. A replay reads and writes nothing new.
     *
     * @return whether the stored candle changed
     */
    public boolean writeCandle(CandleKey key, Candle mine, String s3Key, Deadline deadline) {
        Map<String, AttributeValue> itemKey = Map.of(DynamoKeys.PK, QuoteItems.s(key.pk()), DynamoKeys.SK, QuoteItems.s(key.sk()));
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> stored = Throttling.retry(
                    () -> dynamo.getItem(g -> g.tableName(table).key(itemKey).consistentRead(true)).item(),
                    backoff, deadline, () -> "reading candle " + key + " for s3 object " + s3Key);
            boolean exists = stored != null && !stored.isEmpty();
            Candle current = exists ? stored(stored) : null;
            Candle computed = recomputable(key) ? fromSources(key, s3Key, deadline) : null;
            if (computed == null) { // the sources expired (or are not there yet): merge, never shrink
                computed = current == null ? mine : current.merge(mine);
            }
            if (current != null && computed.sameAs(current)) {
                return false;
            }
            long rev = exists && stored.containsKey(CandleItem.REV) ? Long.parseLong(stored.get(CandleItem.REV).n()) : 0;
            Map<String, AttributeValue> item = item(key, computed).toItem();
            item.put(CandleItem.REV, AttributeValue.fromN(Long.toString(rev + 1)));
            try {
                Throttling.retry(() -> dynamo.putItem(p -> {
                    p.tableName(table).item(item);
                    if (!exists) {
                        p.conditionExpression("attribute_not_exists(pk)");
                    } else if (rev == 0) { // written before rev was stored
                        p.conditionExpression("attribute_exists(pk) AND attribute_not_exists(#rev)")
                                .expressionAttributeNames(Map.of("#rev", CandleItem.REV));
                    } else {
                        p.conditionExpression("#rev = :rev").expressionAttributeNames(Map.of("#rev", CandleItem.REV))
                                .expressionAttributeValues(Map.of(":rev", AttributeValue.fromN(Long.toString(rev))));
                    }
                }), backoff, deadline, () -> "candle " + key + " from s3 object " + s3Key);
                return true;
            } catch (ConditionalCheckFailedException e) {
                // Another loader wrote this candle since it was read: read and recompute again.
                if (attempt >= IMMEDIATE_CANDLE_ATTEMPTS && !backoff.pause(attempt - IMMEDIATE_CANDLE_ATTEMPTS + 1, deadline)) {
                    throw new ThrottledException("candle " + key + " (from s3 object " + s3Key + ") was still written by"
                            + " concurrent loaders after " + attempt + " conditional writes and " + deadline.elapsed().toMillis()
                            + " ms, at the invocation's retry deadline; the invocation fails so that Lambda retries the"
                            + " event (every write is idempotent)", e);
                }
            }
        }
    }

    /**
     * Replaces the latest snapshot of the quote's coin if the quote is newer ({@link Latest}).
     *
     * @return whether it replaced the snapshot
     */
    public boolean writeLatest(Quote quote, String s3Key, Deadline deadline) {
        Map<String, AttributeValue> item = QuoteItems.latest(quote, s3Key);
        try {
            Throttling.retry(() -> dynamo.putItem(p -> p.tableName(table)
                            .item(item)
                            .conditionExpression(Latest.CONDITION)
                            .expressionAttributeNames(Map.of("#observedAt", QuoteItems.OBSERVED_AT,
                                    "#source", QuoteItems.SOURCE, "#version", QuoteItems.VERSION))
                            .expressionAttributeValues(Map.of(
                                    ":observedAt", item.get(QuoteItems.OBSERVED_AT),
                                    ":source", item.get(QuoteItems.SOURCE),
                                    ":version", item.get(QuoteItems.VERSION)))),
                    backoff, deadline, () -> "the latest item of " + quote.symbol() + " from s3 object " + s3Key);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // the stored snapshot is as new or newer
        }
    }

    /** Whether every source of the candle is still in the table (history items expire after the retention). */
    private boolean recomputable(CandleKey key) {
        if (key.interval() == Interval.DAY) {
            return true; // hourly candles never expire
        }
        return retention.map(r -> key.start().plus(r).isAfter(clock.instant())).orElse(true);
    }

    /** The candle recomputed from its sources, or null when they hold nothing (yet). */
    private Candle fromSources(CandleKey key, String s3Key, Deadline deadline) {
        Instant last = key.start().plus(key.interval().duration()).minusMillis(1);
        boolean hour = key.interval() == Interval.HOUR;
        String pk = hour ? DynamoKeys.historyPk(key.symbol()) : DynamoKeys.candlePk(Interval.HOUR, key.symbol());
        String from = hour ? DynamoKeys.historySkFrom(key.start()) : Times.format(key.start());
        String to = hour ? DynamoKeys.historySkTo(last) : Times.format(last);
        Map<String, AttributeValue> values = Map.of(":pk", QuoteItems.s(pk), ":from", QuoteItems.s(from), ":to", QuoteItems.s(to));
        return Throttling.retry(() -> dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true)
                                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                                .expressionAttributeValues(values))
                        .items().stream()
                        .map(source -> hour ? history(source) : stored(source))
                        .filter(Objects::nonNull)
                        .reduce(Candle::merge)
                        .orElse(null),
                backoff, deadline, () -> "reading the sources of candle " + key + " for s3 object " + s3Key);
    }

    /** The one-point candle of a history item; null for an item without a price (not written by this loader). */
    private static Candle history(Map<String, AttributeValue> item) {
        BigDecimal price = QuoteItems.decimal(item, QuoteItems.PRICE_USD);
        Instant at = QuoteItems.time(item, QuoteItems.OBSERVED_AT);
        return price == null || at == null ? null : Candle.of(price, at);
    }

    /** The table item of a whole candle. */
    public static CandleItem item(CandleKey key, Candle candle) {
        Point open = candle.get(CandleField.OPEN);
        Point high = candle.get(CandleField.HIGH);
        Point low = candle.get(CandleField.LOW);
        Point close = candle.get(CandleField.CLOSE);
        return new CandleItem(key.interval(), key.symbol(), key.start(), open.price(), open.at(), high.price(), high.at(),
                low.price(), low.at(), close.price(), close.at());
    }

    /** The candle of a stored item; fields it lacks stay missing. */
    public static Candle stored(Map<String, AttributeValue> item) {
        CandleItem stored = CandleItem.of(item);
        EnumMap<CandleField, Point> points = new EnumMap<>(CandleField.class);
        for (CandleField f : CandleField.values()) {
            BigDecimal price = f.item().price(stored);
            if (price != null) {
                points.put(f, new Point(price, f.item().at(stored)));
            }
        }
        return Candle.ofStored(points);
    }
}
