package io.quotepipe.core;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The item layout of the quote items of the table (docs/design.md), defined once: the loader writes with it and
 * query-service reads with it. A history item and the latest snapshot carry the quote's fields under their JSON names
 * (decimals as {@code N}, exactly as read; times as the fixed-width strings that sort as times), the object they came
 * from ({@code s3Key}), the version of its content ({@code version}) and, on history items when a retention is set, the TTL {@code expiresAt} (epoch seconds).
 * Keys come from {@link DynamoKeys}; candles are {@link CandleItem}.
 */
public final class QuoteItems {

    public static final String SCHEMA_VERSION = "schemaVersion";
    public static final String SOURCE = "source";
    public static final String SYMBOL = "symbol";
    public static final String NAME = "name";
    public static final String RANK = "rank";
    public static final String PRICE_USD = "priceUsd";
    public static final String VOLUME_24H_USD = "volume24hUsd";
    public static final String MARKET_CAP_USD = "marketCapUsd";
    public static final String CHANGE_1H_PCT = "change1hPct";
    public static final String CHANGE_24H_PCT = "change24hPct";
    public static final String CHANGE_7D_PCT = "change7dPct";
    public static final String OBSERVED_AT = "observedAt";
    public static final String FETCHED_AT = "fetchedAt";
    public static final String POLL_ID = "pollId";
    /** Lineage: the S3 batch object the quote was loaded from. */
    public static final String S3_KEY = "s3Key";
    /**
     * Which content of a history key the item holds: {@link QuoteVersion#of}, {@code <fetchedAt>#<pollId>#<digest>}.
     * The greater version wins (history and LATEST writes are conditioned on it); an item written before it was
     * stored counts as the lowest version.
     */
    public static final String VERSION = "version";
    /** TTL of history items, epoch seconds: {@code observedAt} plus the loader's retention. */
    public static final String EXPIRES_AT = "expiresAt";

    private QuoteItems() {
    }

    /** {@code COIN#<symbol>} / {@code TS#<observedAt>#<source>}; expires {@code retention} after {@code observedAt}. */
    public static Map<String, AttributeValue> history(Quote q, String s3Key, Optional<Duration> retention) {
        Map<String, AttributeValue> item = fields(q, s3Key);
        item.put(DynamoKeys.PK, s(DynamoKeys.historyPk(q.symbol())));
        item.put(DynamoKeys.SK, s(DynamoKeys.historySk(q.observedAt(), q.source())));
        retention.ifPresent(r -> item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(q.observedAt().plus(r).getEpochSecond()))));
        return item;
    }

    /** {@code LATEST} / {@code COIN#<symbol>}; no TTL: the snapshot of a coin stays until a newer quote replaces it. */
    public static Map<String, AttributeValue> latest(Quote q, String s3Key) {
        Map<String, AttributeValue> item = fields(q, s3Key);
        item.put(DynamoKeys.PK, s(DynamoKeys.LATEST_PK));
        item.put(DynamoKeys.SK, s(DynamoKeys.latestSk(q.symbol())));
        return item;
    }

    /**
     * A history or latest item as a quote; optional fields that are absent stay null, and an item written before
     * {@code schemaVersion} was stored counts as version 1.
     *
     * @throws MalformedItemException when an attribute has the wrong type, or symbol, priceUsd or observedAt is missing
     */
    public static Quote quote(Map<String, AttributeValue> item) {
        BigDecimal schemaVersion = decimal(item, SCHEMA_VERSION);
        BigDecimal rank = decimal(item, RANK);
        Quote quote = Quote.builder()
                .schemaVersion(schemaVersion == null ? Quote.SCHEMA_VERSION : integer(item, SCHEMA_VERSION, schemaVersion))
                .source(string(item, SOURCE))
                .symbol(string(item, SYMBOL))
                .name(string(item, NAME))
                .rank(rank == null ? null : integer(item, RANK, rank))
                .priceUsd(decimal(item, PRICE_USD))
                .volume24hUsd(decimal(item, VOLUME_24H_USD))
                .marketCapUsd(decimal(item, MARKET_CAP_USD))
                .change1hPct(decimal(item, CHANGE_1H_PCT))
                .change24hPct(decimal(item, CHANGE_24H_PCT))
                .change7dPct(decimal(item, CHANGE_7D_PCT))
                .observedAt(time(item, OBSERVED_AT))
                .fetchedAt(time(item, FETCHED_AT))
                .pollId(string(item, POLL_ID))
                .build();
        if (quote.symbol() == null || quote.priceUsd() == null || quote.observedAt() == null) {
            throw new MalformedItemException(item, "a quote needs symbol, priceUsd and observedAt");
        }
        return quote;
    }

    /** The item's TTL, if it has one. */
    public static Optional<Instant> expiresAt(Map<String, AttributeValue> item) {
        BigDecimal epochSeconds = decimal(item, EXPIRES_AT);
        return epochSeconds == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(epochSeconds.longValue()));
    }

    private static Map<String, AttributeValue> fields(Quote q, String s3Key) {
        Map<String, AttributeValue> item = new HashMap<>(24);
        item.put(SCHEMA_VERSION, AttributeValue.fromN(Integer.toString(q.schemaVersion())));
        item.put(SOURCE, s(q.source()));
        item.put(SYMBOL, s(q.symbol()));
        if (q.name() != null) {
            item.put(NAME, s(q.name()));
        }
        if (q.rank() != null) {
            item.put(RANK, AttributeValue.fromN(q.rank().toString()));
        }
        n(item, PRICE_USD, q.priceUsd());
        n(item, VOLUME_24H_USD, q.volume24hUsd());
        n(item, MARKET_CAP_USD, q.marketCapUsd());
        n(item, CHANGE_1H_PCT, q.change1hPct());
        n(item, CHANGE_24H_PCT, q.change24hPct());
        n(item, CHANGE_7D_PCT, q.change7dPct());
        item.put(OBSERVED_AT, s(Times.format(q.observedAt())));
        item.put(FETCHED_AT, s(Times.format(q.fetchedAt())));
        item.put(POLL_ID, s(q.pollId()));
        item.put(S3_KEY, s(s3Key));
        item.put(VERSION, s(QuoteVersion.of(q)));
        return item;
    }

    /**
     * A decimal as DynamoDB's {@code N}: plain digits, never a {@code double} on the way. Plain notation is bounded
     * because a valid quote's numbers are (see {@link QuoteValidator}: at most 38 digits, magnitude 1E-130 to 1E126).
     */
    public static AttributeValue number(BigDecimal value) {
        return AttributeValue.fromN(value.toPlainString());
    }

    /** A string attribute. */
    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static void n(Map<String, AttributeValue> item, String name, BigDecimal value) {
        if (value != null) {
            item.put(name, number(value));
        }
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return null;
        }
        if (value.s() == null) {
            throw new MalformedItemException(item, name + " is not a string (S): " + value);
        }
        return value.s();
    }

    /** A number attribute, or null when absent; a wrong type is a {@link MalformedItemException}. */
    public static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return null;
        }
        if (value.n() == null) {
            throw new MalformedItemException(item, name + " is not a number (N): " + value);
        }
        try {
            return new BigDecimal(value.n());
        } catch (NumberFormatException e) {
            throw new MalformedItemException(item, name + " is not a decimal: " + value.n());
        }
    }

    private static int integer(Map<String, AttributeValue> item, String name, BigDecimal value) {
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw new MalformedItemException(item, name + " is not an integer: " + value);
        }
    }

    /** A time attribute ({@link Times} format), or null when absent; a wrong type is a {@link MalformedItemException}. */
    public static Instant time(Map<String, AttributeValue> item, String name) {
        String text = string(item, name);
        if (text == null) {
            return null;
        }
        try {
            return Times.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedItemException(item, name + " is not a UTC time like 2026-11-21T18:05:00.000Z: " + text);
        }
    }
}
