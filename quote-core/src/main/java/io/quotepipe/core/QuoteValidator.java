package io.quotepipe.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules a quote must meet to enter the pipeline. Returns every violation at once, so that one
 * log line or quarantine entry tells the whole story.
 *
 * <p>Every value must be storable by every later stage, so that a quote that enters is never refused further on
 * (docs/design.md, "Quote JSON v1 bounds"):
 * <ul>
 * <li>every number is what DynamoDB's {@code N} stores: 0, or a magnitude from 1E-130 to below 1E126, with at most
 * 38 significant digits
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number).
 * It is checked from {@link BigDecimal#precision()} and {@link BigDecimal#scale()} alone, never by writing the
 * number out: {@code 1E-999999999} in plain digits is a gigabyte;</li>
 * <li>on top, plausibility bounds reject what no real market produces (a price above a trillion dollars is a
 * provider bug, not a quote);</li>
 * <li>every string has a length bound (an item must stay far below DynamoDB's 400 KB), and the free-text ones
 * ({@code name}, {@code pollId}) hold no control character, no unpaired surrogate and no U+FFFD (what a decoder
 * leaves of bytes that were not UTF-8).</li>
 * </ul>
 */
public final class QuoteValidator {

    /** Letters, digits and {@code . _ -}; never {@code #}, which separates the parts of DynamoDB keys. */
    static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,31}");
    static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    static final BigDecimal MAX_PRICE_USD = new BigDecimal("1e12");
    static final BigDecimal MAX_AMOUNT_USD = new BigDecimal("1e18");
    static final BigDecimal MIN_CHANGE_PCT = new BigDecimal("-100");
    static final BigDecimal MAX_CHANGE_PCT = new BigDecimal("1e7");
    static final int MAX_DIGITS = 38;
    static final int MAX_POLL_ID_CHARS = 128;
    static final int MAX_NAME_CHARS = 128;
    /** DynamoDB's smallest magnitude is 1E-130: the adjusted exponent (of the leading digit) may not be lower. */
    static final int MIN_EXPONENT = -130;
    /** DynamoDB's magnitudes stay below 1E126: the adjusted exponent may be at most 125. */
    static final int MAX_EXPONENT = 125;
    /** Provider clocks drift; an observation further ahead of our fetch than this is a bad time. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);

    private QuoteValidator() {
    }

    /** Every rule {@code quote} breaks; empty when it is valid. */
    public static List<Violation> validate(Quote quote) {
        List<Violation> v = new ArrayList<>();
        if (quote.schemaVersion() != Quote.SCHEMA_VERSION) {
            v.add(Violation.of("schemaVersion", quote.schemaVersion(), "must be " + Quote.SCHEMA_VERSION));
        }
        text(v, "source", quote.source(), SOURCE, isSource(quote.source()));
        text(v, "symbol", quote.symbol(), SYMBOL, isSymbol(quote.symbol()));
        freeText(v, "name", quote.name(), MAX_NAME_CHARS);
        if (quote.rank() != null && quote.rank() < 1) {
            v.add(Violation.of("rank", quote.rank(), "must be 1 or more"));
        }
        if (quote.priceUsd() == null) {
            v.add(Violation.of("priceUsd", null, "is required"));
        } else if (quote.priceUsd().signum() <= 0) {
            v.add(Violation.of("priceUsd", show(quote.priceUsd()), "must be greater than 0"));
        } else {
            range(v, "priceUsd", quote.priceUsd(), null, MAX_PRICE_USD);
        }
        range(v, "volume24hUsd", quote.volume24hUsd(), BigDecimal.ZERO, MAX_AMOUNT_USD);
        range(v, "marketCapUsd", quote.marketCapUsd(), BigDecimal.ZERO, MAX_AMOUNT_USD);
        range(v, "change1hPct", quote.change1hPct(), MIN_CHANGE_PCT, MAX_CHANGE_PCT);
        range(v, "change24hPct", quote.change24hPct(), MIN_CHANGE_PCT, MAX_CHANGE_PCT);
        range(v, "change7dPct", quote.change7dPct(), MIN_CHANGE_PCT, MAX_CHANGE_PCT);
        if (quote.observedAt() == null) {
            v.add(Violation.of("observedAt", null, "is required"));
        }
        if (quote.fetchedAt() == null) {
            v.add(Violation.of("fetchedAt", null, "is required"));
        }
        if (quote.observedAt() != null && quote.fetchedAt() != null
                && quote.observedAt().isAfter(quote.fetchedAt().plus(MAX_CLOCK_SKEW))) {
            v.add(Violation.of("observedAt", Times.format(quote.observedAt()),
                    "is more than " + MAX_CLOCK_SKEW.toHours() + "h after fetchedAt " + Times.format(quote.fetchedAt())));
        }
        if (quote.pollId() == null || quote.pollId().isBlank()) {
            v.add(Violation.of("pollId", quote.pollId(), "is required"));
        } else {
            freeText(v, "pollId", quote.pollId(), MAX_POLL_ID_CHARS);
        }
        return v;
    }

    private static void text(List<Violation> v, String field, String value, Pattern pattern, boolean matches) {
        if (value == null || value.isEmpty()) {
            v.add(Violation.of(field, null, "is required"));
        } else if (!matches) {
            v.add(Violation.of(field, value, "must match " + pattern.pattern()));
        }
    }

    private static void range(List<Violation> v, String field, BigDecimal value, BigDecimal min, BigDecimal max) {
        if (value == null) {
            return;
        }
        String storable = storable(value);
        if (storable != null) {
            v.add(Violation.of(field, show(value), storable));
        } else if (min != null && value.compareTo(min) < 0) {
            v.add(Violation.of(field, show(value), "must be at least " + min.toPlainString()));
        } else if (value.compareTo(max) > 0) {
            v.add(Violation.of(field, show(value), "is implausibly large (over " + max.toEngineeringString() + ")"));
        }
    }

    /**
     * Why DynamoDB would refuse {@code value} as an {@code N}, or null. Precision and scale only: the adjusted exponent
     * {@code precision - scale - 1} is the power of ten of the leading digit, so {@code 1E-131} has -131 and
     * {@code 9.9E125} has 125; it is computed as a long, since a scale may be any int.
     */
    static String storable(BigDecimal value) {
        if (value.signum() == 0) {
            return null;
        }
        if (value.precision() > MAX_DIGITS && value.stripTrailingZeros().precision() > MAX_DIGITS) {
            return "has more than " + MAX_DIGITS + " significant digits (DynamoDB stores at most " + MAX_DIGITS + ")";
        }
        long exponent = (long) value.precision() - value.scale() - 1;
        if (exponent < MIN_EXPONENT) {
            return "must be 0 or at least 1E-130 in magnitude (DynamoDB's smallest number); round it to 0 or to 1E-130";
        }
        if (exponent > MAX_EXPONENT) {
            return "is implausibly large (DynamoDB stores magnitudes below 1E126)";
        }
        return null;
    }

    /** At most {@code max} characters, none a control character, an unpaired surrogate or U+FFFD. */
    private static void freeText(List<Violation> v, String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            v.add(Violation.of(field, value, "must be at most " + max + " characters, not " + value.length()));
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                v.add(Violation.of(field, value, "must not contain control characters (U+" + hex(c) + " at " + i + ")"));
                return;
            }
            if (c == '\uFFFD') {
                v.add(Violation.of(field, value, "is not valid UTF-8 (U+FFFD, a decoder's replacement, at " + i + ")"));
                return;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                v.add(Violation.of(field, value, "must not contain an unpaired surrogate (U+" + hex(c) + " at " + i + ")"));
                return;
            }
        }
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    /** {@link #SYMBOL} by hand: a regex match per quote costs more than the rest of the rules together. */
    static boolean isSymbol(String s) {
        if (s == null || s.isEmpty() || s.length() > 32 || !(alnum(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(alnum(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@link #SOURCE} by hand. */
    static boolean isSource(String s) {
        if (s == null || s.isEmpty() || s.length() > 32 || !lowerOrDigit(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(lowerOrDigit(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean alnum(char c) {
        return lowerOrDigit(c) || (c >= 'A' && c <= 'Z');
    }

    /** Plain notation where it is short; scientific where plain would be huge ({@code 1e999999999}). */
    static String show(BigDecimal value) {
        // Not Math.abs(scale): the scale of 1E+2147483648 is Integer.MIN_VALUE, whose absolute value is negative.
        return value.scale() >= -40 && value.scale() <= 40 ? value.toPlainString() : value.toString();
    }
}
