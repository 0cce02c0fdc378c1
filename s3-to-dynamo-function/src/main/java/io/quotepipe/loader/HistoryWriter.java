package io.quotepipe.loader;

import io.quotepipe.core.BatchLine;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.Quote;
import io.quotepipe.core.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes history items ({@code COIN#<symbol>} / {@code TS#<observedAt>#<source>}) with BatchWriteItem.
 * A put of the same key replaces the item, so loading an object twice leaves the table as it was.
 */
@ApplicationScoped
public class HistoryWriter {

    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Optional<Duration> retention;
    private final Clock clock;

    @Inject
    public HistoryWriter(DynamoDbClient dynamo, LoaderConfig config, Clock clock) {
        this.dynamo = dynamo;
        this.table = config.dynamodb().table();
        this.retention = config.loader().retention();
        this.clock = clock;
    }

    /** Writes up to 25 lines; returns how many items were written. */
    int write(List<BatchLine> lines, String s3Key) {
        if (lines.isEmpty()) {
            return 0;
        }
        // One request may not hold two puts of the same key: a replayed quote within one object keeps its last copy.
        Map<String, WriteRequest> byKey = new LinkedHashMap<>();
        for (BatchLine line : lines) {
            Map<String, AttributeValue> item = item(line.quote(), s3Key);
            byKey.put(item.get(DynamoKeys.PK).s() + "|" + item.get(DynamoKeys.SK).s(),
                    WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        Map<String, List<WriteRequest>> request = Map.of(table, new ArrayList<>(byKey.values()));
        long backoffMs = 50;
        for (int attempt = 1; ; attempt++) {
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            Map<String, List<WriteRequest>> unprocessed = response.unprocessedItems();
            if (unprocessed == null || unprocessed.isEmpty()) {
                return byKey.size();
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException(unprocessed.get(table).size() + " items of s3 object " + s3Key
                        + " stayed unprocessed after " + MAX_ATTEMPTS + " BatchWriteItem attempts (throttled); Lambda will retry the event");
            }
            request.get(table).clear();
            request.get(table).addAll(unprocessed.get(table));
            sleep(ThreadLocalRandom.current().nextLong(backoffMs / 2, backoffMs + 1));
            backoffMs = Math.min(backoffMs * 2, 2_000);
        }
    }

    Map<String, AttributeValue> item(Quote q, String s3Key) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(DynamoKeys.PK, s(DynamoKeys.historyPk(q.symbol())));
        item.put(DynamoKeys.SK, s(DynamoKeys.historySk(q.observedAt(), q.source())));
        item.put("schemaVersion", AttributeValue.fromN(Integer.toString(q.schemaVersion())));
        item.put("source", s(q.source()));
        item.put("symbol", s(q.symbol()));
        if (q.name() != null) {
            item.put("name", s(q.name()));
        }
        if (q.rank() != null) {
            item.put("rank", AttributeValue.fromN(q.rank().toString()));
        }
        n(item, "priceUsd", q.priceUsd());
        n(item, "volume24hUsd", q.volume24hUsd());
        n(item, "marketCapUsd", q.marketCapUsd());
        n(item, "change1hPct", q.change1hPct());
        n(item, "change24hPct", q.change24hPct());
        n(item, "change7dPct", q.change7dPct());
        item.put("observedAt", s(Times.format(q.observedAt())));
        item.put("fetchedAt", s(Times.format(q.fetchedAt())));
        item.put("pollId", s(q.pollId()));
        item.put("s3Key", s(s3Key));
        retention.ifPresent(r -> item.put("expiresAt",
                AttributeValue.fromN(Long.toString(q.observedAt().plus(r).getEpochSecond()))));
        return item;
    }

    private static void n(Map<String, AttributeValue> item, String name, BigDecimal value) {
        if (value != null) {
            item.put(name, AttributeValue.fromN(value.toPlainString()));
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // backoff before retrying unprocessed items, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying unprocessed DynamoDB items", e);
        }
    }
}
