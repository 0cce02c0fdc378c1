package io.quotepipe.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Key layout of the single DynamoDB table (docs/design.md). Every key is a natural key of the data, so a
 * replayed batch rewrites the same items instead of adding rows.
 *
 * <pre>
 * history      pk COIN#&lt;symbol&gt;        sk TS#&lt;observedAt&gt;#&lt;source&gt;
 * latest       pk LATEST               sk COIN#&lt;symbol&gt;
 * candles      pk OHLC#1h#&lt;symbol&gt;     sk &lt;hour start&gt;     (1d: &lt;day start&gt;)
 * alert folds  pk ALERTS               sk &lt;component&gt;/&lt;kind&gt;
 * </pre>
 */
public final class DynamoKeys {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String LATEST_PK = "LATEST";
    /** Partition of the alerts' fold state: sk {@code <component>/<kind>} ({@code alert.DynamoFoldState}). */
    public static final String ALERTS_PK = "ALERTS";

    private DynamoKeys() {
    }

    /** Candle widths, with their key token. */
    public enum Interval {
        HOUR("1h", ChronoUnit.HOURS),
        DAY("1d", ChronoUnit.DAYS);

        private final String token;
        private final ChronoUnit unit;

        Interval(String token, ChronoUnit unit) {
            this.token = token;
            this.unit = unit;
        }

        /** {@code 1h} or {@code 1d}. */
        public String token() {
            return token;
        }

        /** The interval of a key token ({@code 1h}, {@code 1d}), or null. */
        public static Interval ofToken(String token) {
            for (Interval i : values()) {
                if (i.token.equals(token)) {
                    return i;
                }
            }
            return null;
        }

        /** How long one interval lasts. */
        public java.time.Duration duration() {
            return unit.getDuration();
        }

        /** Start of the interval containing {@code t}, in UTC. */
        public Instant start(Instant t) {
            return t.atZone(ZoneOffset.UTC).truncatedTo(unit).toInstant();
        }
    }

    /** {@code COIN#BTC}: partition of one coin's history. */
    public static String historyPk(String symbol) {
        return "COIN#" + symbol;
    }

    /** {@code TS#2026-11-21T18:05:00.000Z#livecoinwatch}: sorts by time, one item per source and time. */
    public static String historySk(Instant observedAt, String source) {
        return "TS#" + Times.format(observedAt) + "#" + source;
    }

    /** Sort key bound for a history range query from {@code t} (inclusive). */
    public static String historySkFrom(Instant t) {
        return "TS#" + Times.format(t);
    }

    /** Sort key bound for a history range query up to {@code t} (inclusive, whatever the source). */
    public static String historySkTo(Instant t) {
        return "TS#" + Times.format(t) + "#~";
    }

    /** {@code COIN#BTC} under {@link #LATEST_PK}. */
    public static String latestSk(String symbol) {
        return "COIN#" + symbol;
    }

    /** {@code OHLC#1h#BTC}. */
    public static String candlePk(Interval interval, String symbol) {
        return "OHLC#" + interval.token() + "#" + symbol;
    }

    /** The start of the interval containing {@code t}, formatted: the candle's sort key. */
    public static String candleSk(Interval interval, Instant t) {
        return Times.format(interval.start(t));
    }
}
