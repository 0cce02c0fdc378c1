package io.quotepipe.loader.internal;

import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteItems;
import io.quotepipe.core.time.BlockingBackoff;
import io.quotepipe.core.time.Deadline;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes history items ({@code COIN#<symbol>} / {@code TS#<observedAt>#<source>}) with BatchWriteItem, 25 per
 * request. A put of the same key replaces the item with the same content, so loading an object twice leaves the
 * table as it was.
 *
 * <p>BatchWriteItem may process only part of a request when the table is throttled and hand back the rest as
 * {@code UnprocessedItems} (or refuse the whole request with ProvisionedThroughputExceededException). Those are
 * sent again with {@link BlockingBackoff} until the invocation's {@link Deadline}; then the invocation fails and Lambda
 * retries the event (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html).
 * Thread-safe: the loader calls it from several threads.
 */
public final class HistoryWriter {

    /** BatchWriteItem takes at most 25 put or delete requests. */
    public static final int MAX_BATCH = 25;

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
     * @return how many items were written: fewer than {@code quotes} when one repeats another's key
     * @throws ThrottledException when items are still unprocessed at the deadline
     */
    public int write(List<Quote> quotes, String s3Key, Deadline deadline) {
        if (quotes.size() > MAX_BATCH) {
            throw new IllegalArgumentException("BatchWriteItem takes at most " + MAX_BATCH + " items, not " + quotes.size());
        }
        if (quotes.isEmpty()) {
            return 0;
        }
        // One request may not hold two puts of the same key ("Provided list of item keys contains duplicates"): a
        // quote repeated within these 25 is written once. A repeat is the same observation, so either copy will do.
        Map<String, WriteRequest> byKey = new LinkedHashMap<>();
        for (Quote q : quotes) {
            Map<String, AttributeValue> item = QuoteItems.history(q, s3Key, retention);
            byKey.put(item.get(DynamoKeys.PK).s() + "|" + item.get(DynamoKeys.SK).s(),
                    WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        List<WriteRequest> pending = new ArrayList<>(byKey.values());
        for (int attempt = 1; ; attempt++) {
            List<WriteRequest> sending = pending;
            try {
                BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, sending)));
                List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                        ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
                if (unprocessed.isEmpty()) {
                    return byKey.size();
                }
                pending = unprocessed;
            } catch (SdkException e) {
                if (!Throttling.isThrottling(e)) {
                    throw e;
                }
                // Nothing of the request was written: all of it is pending again.
            }
            if (!backoff.pause(attempt, deadline)) {
                throw new ThrottledException(pending.size() + " of " + byKey.size() + " history items of s3 object " + s3Key
                        + " were still unprocessed (throttled) after " + attempt + " BatchWriteItem attempts and "
                        + deadline.elapsed().toMillis() + " ms, at the invocation's retry deadline ("
                        + deadline.window().toMillis() + " ms); the invocation fails so that Lambda retries the event"
                        + " (every write is idempotent)");
            }
        }
    }
}
