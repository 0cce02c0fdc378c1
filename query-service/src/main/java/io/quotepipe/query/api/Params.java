package io.quotepipe.query.api;

import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteValidator;
import io.quotepipe.core.Times;
import io.quotepipe.core.Violation;
import io.quotepipe.query.LatestSort;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the query and path parameters of the API. Each method returns the value or throws a
 * {@link BadParameterException} that names the parameter, shows the value and says what is accepted.
 */
public final class Params {

    static final List<String> ORDERS = List.of("asc", "desc");
    static final int MAX_LIMIT = 1000;
    /** Finer buckets than a minute say nothing about quotes polled every few minutes. */
    static final Duration MIN_STEP = Duration.ofMinutes(1);
    static final String TIME_EXAMPLE = "2026-11-21T18:05:00.000Z";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,6})([mhd])");

    private Params() {
    }

    /** A coin symbol, by the rule every quote meets ({@link QuoteValidator}): a symbol never holds {@code #}. */
    public static String symbol(String value) {
        return checked("symbol", value, Quote.builder().symbol(value).build());
    }

    /** A provider id such as {@code livecoinwatch}, or null when absent. */
    public static String source(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return checked("source", value, Quote.builder().source(value).build());
    }

    private static String checked(String parameter, String value, Quote probe) {
        Optional<Violation> violation = QuoteValidator.validate(probe).stream()
                .filter(v -> v.field().equals(parameter))
                .findFirst();
        if (violation.isPresent()) {
            throw BadParameterException.of(parameter, value, violation.get().problem(), null);
        }
        return value;
    }

    public static LatestSort sort(String value) {
        if (value == null || value.isEmpty()) {
            return LatestSort.RANK;
        }
        return LatestSort.ofParam(value).orElseThrow(() -> BadParameterException.of("sort", value,
                "must be one of " + String.join(", ", LatestSort.params()), LatestSort.params()));
    }

    /** True for ascending; without a value, the sort's natural direction. */
    public static boolean ascending(String value, LatestSort sort) {
        if (value == null || value.isEmpty()) {
            return sort.ascendingByDefault();
        }
        if (!ORDERS.contains(value)) {
            throw BadParameterException.of("order", value, "must be asc or desc", ORDERS);
        }
        return value.equals("asc");
    }

    /** How many quotes at most, 1 to {@value #MAX_LIMIT}; all of them when absent. */
    public static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw BadParameterException.of("limit", value, "must be a whole number from 1 to " + MAX_LIMIT, null);
    }

    /** A UTC time such as {@value #TIME_EXAMPLE}, or {@code otherwise} when absent. */
    public static Instant time(String parameter, String value, Instant otherwise) {
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            return Times.parse(value);
        } catch (DateTimeParseException e) {
            throw BadParameterException.of(parameter, value, "must be a UTC time like " + TIME_EXAMPLE, null);
        }
    }

    /** Checks that {@code from} is not after {@code to} and, when {@code max} is given, that the range fits in it. */
    public static void range(Instant from, Instant to, Duration max, String maxKey) {
        if (from.isAfter(to)) {
            throw BadParameterException.of("from", Times.format(from), "must not be after to=" + Times.format(to), null);
        }
        if (max != null && Duration.between(from, to).compareTo(max) > 0) {
            throw BadParameterException.of("from", Times.format(from), "the range to " + Times.format(to)
                    + " is longer than " + human(max) + " (" + maxKey + "): ask for a shorter one", null);
        }
    }

    /**
     * A downsampling step: an ISO-8601 duration ({@code PT15M}) or a short one ({@code 15m}, {@code 1h}, {@code 1d}),
     * at least a minute; null when absent.
     */
    public static Duration step(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Duration step;
        Matcher m = SHORT_DURATION.matcher(value);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                step = switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                step = Duration.parse(value.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException e) {
            throw BadParameterException.of("step", value,
                    "must be a duration like 5m, 1h, 1d or PT15M (ISO-8601)", null);
        }
        if (step.compareTo(MIN_STEP) < 0) {
            throw BadParameterException.of("step", value, "must be at least 1 minute", null);
        }
        return step;
    }

    public static Interval interval(String value) {
        List<String> accepted = Arrays.stream(Interval.values()).map(Interval::token).toList();
        return Arrays.stream(Interval.values())
                .filter(i -> i.token().equals(value))
                .findFirst()
                .orElseThrow(() -> BadParameterException.of("interval", value,
                        value == null || value.isEmpty() ? "is required: one of " + String.join(", ", accepted)
                                : "must be one of " + String.join(", ", accepted), accepted));
    }

    /** {@code 31 days}, {@code 24 hours}: how a person reads a configured limit. */
    static String human(Duration d) {
        if (d.toHours() % 24 == 0 && d.toDays() > 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toMinutes() % 60 == 0 && d.toHours() > 0) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        return new BigDecimal(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }
}
