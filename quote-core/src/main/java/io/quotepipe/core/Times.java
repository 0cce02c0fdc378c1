package io.quotepipe.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The one time format of the pipeline: UTC, ISO-8601, exactly three fraction digits and {@code Z}
 * ({@code 2026-11-21T18:05:00.000Z}). A fixed width is what makes these strings sort as times, which
 * the DynamoDB sort keys ({@code TS#<observedAt>#<source>}) rely on.
 */
public final class Times {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** Formats {@code instant} truncated to milliseconds, e.g. {@code 2026-11-21T18:05:00.000Z}. */
    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /**
     * Parses any ISO-8601 instant in UTC ({@code Z}), whatever its number of fraction digits, and
     * truncates it to milliseconds.
     *
     * @throws DateTimeParseException when {@code text} is not such an instant
     */
    public static Instant parse(String text) {
        return Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
    }

    /** {@code instant} without its sub-millisecond part, as every time in a {@link Quote} is kept. */
    public static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
