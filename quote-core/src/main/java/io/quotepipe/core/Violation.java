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

    /**
     * A violation for {@code value}, shortened so that one garbage field cannot flood a log line, and printable: a
     * control character or an unpaired surrogate is shown as its {@code \\uXXXX} escape, because the reason goes on to
     * UTF-8 places (a quarantine file, a Kafka header, a log line) that cannot carry a lone surrogate.
     */
    public static Violation of(String field, Object value, String problem) {
        return new Violation(field, value == null ? null : printable(String.valueOf(value)), problem);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_VALUE_CHARS) + 8);
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (shown >= MAX_VALUE_CHARS) {
                return out.append('…').toString();
            }
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i)); // a pair: one character, never cut in two
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.toString();
    }

    /** {@code priceUsd=-1: must be greater than 0}, or {@code pollId: is required}. */
    @Override
    public String toString() {
        return value == null ? field + ": " + problem : field + "=" + value + ": " + problem;
    }
}
