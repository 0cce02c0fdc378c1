package io.quotepipe.loader.internal;

import io.quotepipe.core.CandleItem;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteItems;
import io.quotepipe.core.Times;
import io.quotepipe.core.time.BlockingBackoff;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.loader.rollup.Candle;
import io.quotepipe.loader.rollup.CandleField;
import io.quotepipe.loader.rollup.CandleKey;
import io.quotepipe.loader.rollup.Latest;
import io.quotepipe.loader.rollup.Point;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the gold items: OHLC candles and the latest snapshot, each with a conditional write so that the table
 * only ever moves towards the value its rule prefers ({@link CandleField}, {@link Latest}).
 *
 * <p>Why this is right under concurrency: two invocations may update one candle at the same moment (two objects of
 * the same hour on different partitions). DynamoDB evaluates a write's condition and applies it atomically per item
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate),
 * and every condition here says "my value beats the stored one". So a write either improves the fields it sets, or
 * fails and the writer re-reads what the other wrote (returned with the failure) and tries only what still beats
 * it. No write can replace a better value with a worse one, and each writer ends only when the item holds its values
 * or better ones: the result is the join of all writes, whatever their interleaving. Thread-safe.
 */
public final class RollupWriter {

    /**
     * Refused conditional writes of one candle retried at once. Each refusal means another writer improved the item
     * meanwhile and hands back what it holds now, so an immediate retry usually wins; past this many, writers of a
     * busy candle (a backlog loading many objects of one day) are spread with {@link BlockingBackoff}'s jitter instead of
     * hitting the item in lockstep.
     */
    static final int IMMEDIATE_CANDLE_ATTEMPTS = 3;

    private final DynamoDbClient dynamo;
    private final String table;
    private final BlockingBackoff backoff;

    public RollupWriter(DynamoDbClient dynamo, String table, BlockingBackoff backoff) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * Merges {@code candle} into the stored candle of {@code key}: one request when the candle is new or already holds
     * these values or better (a replay), two when it merges.
     *
     * @return whether the stored candle changed
     */
    public boolean writeCandle(CandleKey key, Candle candle, String s3Key, Deadline deadline) {
        Map<String, AttributeValue> itemKey = Map.of(DynamoKeys.PK, QuoteItems.s(key.pk()), DynamoKeys.SK, QuoteItems.s(key.sk()));
        Candle stored = null; // null: believed absent
        for (int attempt = 1; ; attempt++) {
            try {
                if (stored == null) {
                    create(key, candle, s3Key, deadline);
                    return true;
                }
                Set<CandleField> fields = candle.fieldsBeating(stored);
                if (fields.isEmpty()) {
                    return false;
                }
                update(itemKey, candle, fields, s3Key, deadline);
                return true;
            } catch (ConditionalCheckFailedException e) {
                // Someone else wrote this candle first, or meanwhile: start again from what it holds now. There is no
                // give-up count: every refusal is another writer's progress, so a busy but healthy table always lets
                // this end; only the invocation's deadline does, with a retriable failure.
                Map<String, AttributeValue> item = e.hasItem() ? e.item() : read(itemKey, s3Key, deadline);
                stored = item == null || item.isEmpty() ? null : stored(item);
                if (attempt >= IMMEDIATE_CANDLE_ATTEMPTS && !backoff.pause(attempt - IMMEDIATE_CANDLE_ATTEMPTS + 1, deadline)) {
                    throw new ThrottledException("candle " + key + " (from s3 object " + s3Key + ") was still refused by"
                            + " concurrent writers after " + attempt + " conditional writes and " + deadline.elapsed().toMillis()
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
        try {
            Throttling.retry(() -> dynamo.putItem(p -> p.tableName(table)
                            .item(QuoteItems.latest(quote, s3Key))
                            .conditionExpression(Latest.CONDITION)
                            .expressionAttributeNames(Map.of("#observedAt", "observedAt", "#source", "source"))
                            .expressionAttributeValues(Map.of(
                                    ":observedAt", QuoteItems.s(Times.format(quote.observedAt())),
                                    ":source", QuoteItems.s(quote.source())))),
                    backoff, deadline, () -> "the latest item of " + quote.symbol() + " from s3 object " + s3Key);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // the stored snapshot is as new or newer
        }
    }

    private void create(CandleKey key, Candle candle, String s3Key, Deadline deadline) {
        Map<String, AttributeValue> item = item(key, candle).toItem();
        Throttling.retry(() -> dynamo.putItem(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                backoff, deadline, () -> "candle " + key + " from s3 object " + s3Key);
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

    /** Sets {@code fields} to the candle's points, if each still beats the stored one. */
    private void update(Map<String, AttributeValue> itemKey, Candle candle, Set<CandleField> fields, String s3Key,
            Deadline deadline) {
        List<String> sets = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        conditions.add("attribute_exists(pk)");
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        for (CandleField f : fields) {
            Point p = candle.get(f);
            sets.add("#" + f.priceAttribute() + " = :" + f.priceAttribute());
            sets.add("#" + f.timeAttribute() + " = :" + f.timeAttribute());
            conditions.add(f.condition());
            names.putAll(f.names());
            values.put(":" + f.priceAttribute(), QuoteItems.number(p.price()));
            values.put(":" + f.timeAttribute(), QuoteItems.s(Times.format(p.at())));
        }
        String expression = "SET " + String.join(", ", sets);
        String condition = String.join(" AND ", conditions);
        Throttling.retry(() -> dynamo.updateItem(u -> u.tableName(table).key(itemKey)
                        .updateExpression(expression)
                        .conditionExpression(condition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                backoff, deadline, () -> "candle " + itemKey.get("pk").s() + "/" + itemKey.get("sk").s() + " from s3 object " + s3Key);
    }

    /** Fallback for a DynamoDB that does not return the item with a failed condition. */
    private Map<String, AttributeValue> read(Map<String, AttributeValue> itemKey, String s3Key, Deadline deadline) {
        return Throttling.retry(() -> dynamo.getItem(g -> g.tableName(table).key(itemKey).consistentRead(true)).item(),
                backoff, deadline, () -> "reading candle " + itemKey.get("pk").s() + "/" + itemKey.get("sk").s()
                        + " for s3 object " + s3Key);
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
