package io.quotepipe.core;

/**
 * One thing wrong with an input quote.
 *
 * @param field   the JSON field name, e.g. {@code priceUsd}
 * @param value   the offending value as text, cut to a readable length; {@code null} when missing
 * @param problem what is wrong, e.g. {@code must be greater than 0}
 */
public record Violation(String field, String value, String problem) {

    private static final int MAX_VALUE_CHARS = 80;

    /** A violation for {@code value}, shortened so that one garbage field cannot flood a log line. */
    public static Violation of(String field, Object value, String problem) {
        String text = value == null ? null : String.valueOf(value);
        if (text != null && text.length() > MAX_VALUE_CHARS) {
            text = text.substring(0, MAX_VALUE_CHARS) + "…";
        }
        return new Violation(field, text, problem);
    }

    /** {@code priceUsd=-1: must be greater than 0}, or {@code pollId: is required}. */
    @Override
    public String toString() {
        return value == null ? field + ": " + problem : field + "=" + value + ": " + problem;
    }
}
