package io.quotepipe.loader.internal;

import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.Quote;
import io.quotepipe.core.Times;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes of the quote items of DESIGN.md: a history item and the latest snapshot carry the quote's fields
 * by name (decimals as {@code N}, exactly as read; times as the fixed-width strings that sort as times), the object
 * they came from ({@code s3Key}) and, on history items when a retention is set, the TTL {@code expiresAt}.
 */
public final class Items {

    private Items() {
    }

    /** {@code COIN#<symbol>} / {@code TS#<observedAt>#<source>}; expires {@code retention} after {@code observedAt}. */
    public static Map<String, AttributeValue> history(Quote q, String s3Key, Optional<Duration> retention) {
        Map<String, AttributeValue> item = quote(q, s3Key);
        item.put(DynamoKeys.PK, s(DynamoKeys.historyPk(q.symbol())));
        item.put(DynamoKeys.SK, s(DynamoKeys.historySk(q.observedAt(), q.source())));
        retention.ifPresent(r -> item.put("expiresAt", AttributeValue.fromN(Long.toString(q.observedAt().plus(r).getEpochSecond()))));
        return item;
    }

    /** {@code LATEST} / {@code COIN#<symbol>}; no TTL: the snapshot of a coin stays until a newer quote replaces it. */
    public static Map<String, AttributeValue> latest(Quote q, String s3Key) {
        Map<String, AttributeValue> item = quote(q, s3Key);
        item.put(DynamoKeys.PK, s(DynamoKeys.LATEST_PK));
        item.put(DynamoKeys.SK, s(DynamoKeys.latestSk(q.symbol())));
        return item;
    }

    private static Map<String, AttributeValue> quote(Quote q, String s3Key) {
        Map<String, AttributeValue> item = new HashMap<>(24);
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
        return item;
    }

    /** A decimal as DynamoDB's {@code N}: plain digits, never a {@code double} on the way. */
    public static AttributeValue number(BigDecimal value) {
        return AttributeValue.fromN(value.toPlainString());
    }

    private static void n(Map<String, AttributeValue> item, String name, BigDecimal value) {
        if (value != null) {
            item.put(name, number(value));
        }
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
