package io.quotepipe.poller.provider.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quotepipe.poller.http.HttpAnswer;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.provider.ProviderException.Kind;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.function.UnaryOperator;

/**
 * Reading provider JSON without ever going through {@code double}: floats are read from their text
 * into {@link BigDecimal} ({@code USE_BIG_DECIMAL_FOR_FLOATS}) and keep their trailing zeros, so
 * {@code 1e400} stays 1E+400 (and is rejected as absurd) instead of becoming Infinity, and
 * {@code 0.000024581} reaches Kafka as sent. Tree model only: no reflection, native-ready.
 */
public final class ProviderJson {

    /** Thread-safe once built; shared by every provider. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    /** Exponents of the smallest and the largest magnitude Quote v1 carries (1E-130, 9.99...E125: DynamoDB's number range). */
    static final int MIN_EXPONENT = -130;
    static final int MAX_EXPONENT = 125;
    /** A numeric string longer than this is garbage, not a price. */
    private static final int MAX_NUMBER_CHARS = 100;

    private ProviderJson() {
    }

    /**
     * Parses an answer's body.
     *
     * @throws ProviderException BAD_RESPONSE naming what was asked and quoting the start of the body
     *                           (an HTML error page, a truncated answer)
     */
    public static JsonNode parse(String provider, String what, HttpAnswer answer, UnaryOperator<String> redact)
            throws ProviderException {
        try {
            JsonNode node = MAPPER.readTree(answer.body());
            if (node == null || node.isMissingNode()) {
                throw new ProviderException(provider, Kind.BAD_RESPONSE, what + ": HTTP " + answer.status() + " with an empty body");
            }
            return node;
        } catch (JacksonException e) {
            throw new ProviderException(provider, Kind.BAD_RESPONSE, what + ": HTTP " + answer.status()
                    + " with a body that is not readable JSON (" + e.getOriginalMessage() + "): \""
                    + ProviderHttp.snippet(answer.body(), redact) + "\"");
        } catch (IOException e) {
            throw new ProviderException(provider, Kind.BAD_RESPONSE, what + ": cannot read the body: " + e.getMessage());
        }
    }

    /** The text of a required string field. */
    public static String text(JsonNode element, String field) throws BadField {
        JsonNode node = element.get(field);
        if (node == null || node.isNull()) {
            throw new BadField(field + " is missing");
        }
        if (!node.isTextual()) {
            throw new BadField(field + " is " + show(node) + ", not a string");
        }
        return node.textValue();
    }

    /** The text of an optional string field; a wrong type is a bad field, not a silent null. */
    public static String optionalText(JsonNode element, String field) throws BadField {
        JsonNode node = element.get(field);
        return node == null || node.isNull() ? null : text(element, field);
    }

    /** A required decimal: a JSON number or a numeric string (CoinCap sends every number as one). */
    public static BigDecimal decimal(JsonNode element, String field) throws BadField {
        BigDecimal value = optionalDecimal(element, field);
        if (value == null) {
            throw new BadField(field + " is " + (element.has(field) ? "null" : "missing"));
        }
        return value;
    }

    /** An optional decimal; null when absent or JSON null. */
    public static BigDecimal optionalDecimal(JsonNode element, String field) throws BadField {
        JsonNode node = element.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            // Floats are DecimalNodes (USE_BIG_DECIMAL_FOR_FLOATS); integers convert exactly.
            return node.decimalValue();
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            if (text.isEmpty() || text.length() > MAX_NUMBER_CHARS) {
                throw new BadField(field + "=" + show(node) + " is not a number");
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new BadField(field + "=" + show(node) + " is not a number");
            }
        }
        throw new BadField(field + " is " + show(node) + ", not a number");
    }

    /**
     * {@code value}, checked before any arithmetic on it: a decimal's exponent is unbounded in JSON
     * ({@code 1e999999999} is a valid number), and subtracting, scaling or printing such a value
     * expands it to a billion digits or throws. Within Quote v1's magnitude bounds (1E-130 to below
     * 1E126, or zero) arithmetic stays cheap and exact; outside them the field is a bad field.
     *
     * @param field the field as the provider names it, for the reason, e.g. {@code delta.hour}
     */
    public static BigDecimal forArithmetic(String field, BigDecimal value) throws BadField {
        if (value == null || value.signum() == 0) {
            return value;
        }
        // precision - scale - 1 is the decimal exponent of the leading digit; long: scale may be near Integer.MIN_VALUE.
        long exponent = (long) value.precision() - value.scale() - 1;
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            throw new BadField(field + "=" + value + " is out of range: its magnitude must be between 1E"
                    + MIN_EXPONENT + " and 1E" + (MAX_EXPONENT + 1) + " (exclusive), or 0");
        }
        return value;
    }

    /** An optional integer: a JSON integer or an integer string ({@code "rank":"1"}). */
    public static Integer optionalInteger(JsonNode element, String field) throws BadField {
        BigDecimal value = optionalDecimal(element, field);
        if (value == null) {
            return null;
        }
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw new BadField(field + "=" + show(element.get(field)) + " is not an integer");
        }
    }

    /** A required whole number of (milli)seconds. */
    public static long epoch(JsonNode element, String field) throws BadField {
        BigDecimal value = decimal(element, field);
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new BadField(field + "=" + show(element.get(field)) + " is not a whole number");
        }
    }

    /** A value as it appears in a log line: short, and typed (a string shows its quotes). */
    public static String show(JsonNode node) {
        if (node == null) {
            return "missing";
        }
        String text = node.isContainerNode() ? (node.isArray() ? "an array" : "an object") : node.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Provider text quoted in a message: at most 160 characters. */
    public static String truncate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }

    /** One field of one element is unusable: the element is skipped with this reason, the poll goes on. */
    public static final class BadField extends Exception {
        public BadField(String reason) {
            // No stack trace: this is a verdict on input, thrown per bad element.
            super(reason, null, false, false);
        }
    }
}
