package io.quotepipe.query.internal;

import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.Quote;
import io.quotepipe.core.Times;
import io.quotepipe.query.Candle;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads the items of DESIGN.md's table into values. Attributes carry the quote's fields by name; numbers are
 * DynamoDB {@code N}, read from their text straight into {@link BigDecimal}, so that {@code 0.000000012345} comes
 * out exactly as it went in.
 */
public final class Items {

    private Items() {
    }

    /** An item that does not have the layout of DESIGN.md. */
    public static final class MalformedItemException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedItemException(Map<String, AttributeValue> item, String problem) {
            super("item pk=" + text(item, DynamoKeys.PK) + " sk=" + text(item, DynamoKeys.SK) + ": " + problem);
        }
    }

    /** A history or latest item as a quote; optional fields that are absent stay null. */
    public static Quote quote(Map<String, AttributeValue> item) {
        BigDecimal schemaVersion = decimal(item, "schemaVersion");
        BigDecimal rank = decimal(item, "rank");
        Quote quote = Quote.builder()
                .schemaVersion(schemaVersion == null ? Quote.SCHEMA_VERSION : integer(item, "schemaVersion", schemaVersion))
                .source(string(item, "source"))
                .symbol(string(item, "symbol"))
                .name(string(item, "name"))
                .rank(rank == null ? null : integer(item, "rank", rank))
                .priceUsd(decimal(item, "priceUsd"))
                .volume24hUsd(decimal(item, "volume24hUsd"))
                .marketCapUsd(decimal(item, "marketCapUsd"))
                .change1hPct(decimal(item, "change1hPct"))
                .change24hPct(decimal(item, "change24hPct"))
                .change7dPct(decimal(item, "change7dPct"))
                .observedAt(time(item, "observedAt"))
                .fetchedAt(time(item, "fetchedAt"))
                .pollId(string(item, "pollId"))
                .build();
        if (quote.symbol() == null || quote.priceUsd() == null || quote.observedAt() == null) {
            throw new MalformedItemException(item, "a quote needs symbol, priceUsd and observedAt");
        }
        return quote;
    }

    /** An {@code OHLC#...} item as a candle; its start is the sort key. */
    public static Candle candle(Map<String, AttributeValue> item) {
        Instant start = time(item, DynamoKeys.SK);
        Candle candle = new Candle(start,
                decimal(item, "open"), decimal(item, "high"), decimal(item, "low"), decimal(item, "close"),
                time(item, "openAt"), time(item, "highAt"), time(item, "lowAt"), time(item, "closeAt"));
        if (start == null || candle.open() == null || candle.high() == null || candle.low() == null
                || candle.close() == null) {
            throw new MalformedItemException(item, "a candle needs a start (sk) and open, high, low, close");
        }
        return candle;
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return null;
        }
        if (value.s() == null) {
            throw new MalformedItemException(item, name + " is not a string (S): " + value);
        }
        return value.s();
    }

    private static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
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

    private static Instant time(Map<String, AttributeValue> item, String name) {
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

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
