package io.quotepipe.loader.internal;

import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteItems;
import io.quotepipe.core.QuoteVersion;
import io.quotepipe.core.time.BlockingBackoff;
import io.quotepipe.core.time.Deadline;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes history items ({@code COIN#<symbol>} / {@code TS#<observedAt>#<source>}), one conditional PutItem each,
 * so that a key arriving with two contents ends up holding the winning one ({@link QuoteVersion}) whatever the order
 * of arrival, the replays and the concurrency:
 * {@code attribute_not_exists(pk) OR attribute_not_exists(version) OR version <= :version}.
 *
 * <p>Why a condition and not BatchWriteItem: an unconditional put of the losing content can land after the winner's
 * (a request delayed by a pause, a retry of unprocessed items) and nothing would ever notice, so the table would keep
 * the loser. DynamoDB evaluates a condition and applies the put atomically per item, so the stored version only ever
 * grows. A replay writes the same version again ({@code <=}), which changes nothing; a refused put means a greater
 * version is stored, and this quote is simply not history. It costs the same write units as BatchWriteItem; it takes
 * more requests, which the loader runs {@code write-concurrency} at a time. An item written before {@code version}
 * was stored counts as the lowest version. Throttled puts are retried with {@link BlockingBackoff} until the invocation's
 * {@link Deadline}. Thread-safe: the loader calls it from several threads.
 */
public final class HistoryWriter {

    /** Quotes handed to one {@link #write} call (one task of the loader's write threads). */
    public static final int MAX_BATCH = 25;

    /** The version rule as the put's condition (names {@code #version}, value {@code :version}). */
    public static final String CONDITION = "attribute_not_exists(pk) OR attribute_not_exists(#version) OR #version <= :version";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Optional<Duration> retention;
    private final BlockingBackoff backoff;

    public HistoryWriter(DynamoDbClient dynamo, String table, Optional<Duration> retention, BlockingBackoff backoff) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * Writes up to 25 quotes of the object {@code s3Key}.
     *
     * @return how many items now hold these quotes: fewer than {@code quotes} when one repeats another's key, or when
     *         the table already holds a greater version of a key
     * @throws ThrottledException when a put is still throttled at the deadline
     */
    public int write(List<Quote> quotes, String s3Key, Deadline deadline) {
        if (quotes.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " quotes per call, not " + quotes.size());
        }
        // Two contents of one key within these quotes: only the winner is put (the other would lose anyway).
        Map<String, Quote> byKey = new LinkedHashMap<>();
        for (Quote q : quotes) {
            byKey.merge(DynamoKeys.historyPk(q.symbol()) + "|" + DynamoKeys.historySk(q.observedAt(), q.source()), q,
                    QuoteVersion::winner);
        }
        int written = 0;
        for (Quote q : byKey.values()) {
            if (put(q, s3Key, deadline)) {
                written++;
            }
        }
        return written;
    }

    /** Whether the item now holds {@code q}: false when a greater version is stored. */
    private boolean put(Quote q, String s3Key, Deadline deadline) {
        Map<String, AttributeValue> item = QuoteItems.history(q, s3Key, retention);
        try {
            Throttling.retry(() -> dynamo.putItem(p -> p.tableName(table).item(item)
                            .conditionExpression(CONDITION)
                            .expressionAttributeNames(Map.of("#version", QuoteItems.VERSION))
                            .expressionAttributeValues(Map.of(":version", item.get(QuoteItems.VERSION)))),
                    backoff, deadline, () -> "the history item " + item.get(DynamoKeys.PK).s() + "/"
                            + item.get(DynamoKeys.SK).s() + " from s3 object " + s3Key);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // a greater version of this key is stored: it wins
        }
    }
}
