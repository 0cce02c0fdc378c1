package io.quotepipe.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The codec of Quote JSON v1 (Kafka value) and of an S3 batch line (the quote plus its {@code kafka}
 * coordinates).
 *
 * <p>It streams with jackson-core rather than binding: numbers are read from their text straight
 * into {@link BigDecimal} (no {@code double} on the way), every field problem is collected instead
 * of stopping at the first, unknown fields are skipped (forward compatible), and a poller or a
 * consumer can afford it on every record. Thread-safe.
 */
public final class QuoteJson {

    /**
     * Longest number text read: the smallest number DynamoDB stores, written plainly with 38 digits, is 169
     * characters ({@code 0.} then 129 zeros then 38 digits); anything longer is no number of the contract, and jackson
     * then refuses it before building a {@link BigDecimal} of it.
     */
    static final int MAX_NUMBER_CHARS = 200;
    /** Deepest nesting: a quote is two deep ({@code kafka}); unknown fields of later versions get some room. */
    static final int MAX_NESTING = 32;
    /**
     * Longest string token, unknown fields included. A known string field is bounded much lower by the contract, which
     * then names the field in its reason.
     */
    static final int MAX_STRING_CHARS = 1024 * 1024;
    /** Longest input, in bytes or characters: a Kafka record and a batch line are at most 1 MiB. */
    static final long MAX_DOCUMENT_LENGTH = 1024 * 1024;

    /**
     * Duplicate names are rejected by {@link Names}, not by jackson's {@code STRICT_DUPLICATE_DETECTION}: a
     * bit per known field costs far less than its hash set per object, on every record of every stage.
     */
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                    .build())
            .build();

    private QuoteJson() {
    }

    /**
     * Reads and validates a Kafka value.
     *
     * @throws InvalidQuoteException with every violation, or when {@code json} is not a JSON object
     */
    public static Quote read(String json) throws InvalidQuoteException {
        if (json == null || json.isBlank()) {
            throw empty();
        }
        return parse(() -> JSON.createParser(json), false).quote;
    }

    /**
     * Reads and validates a Kafka value as it comes off the wire, UTF-8, without decoding it into a
     * {@code String} first. Any other encoding is malformed: a byte-order mark or a NUL byte (UTF-16 and UTF-32
     * have them, and jackson would otherwise detect and accept them), and the broken sequences jackson meets.
     *
     * @throws InvalidQuoteException with every violation, or when {@code json} is not a JSON object
     */
    public static Quote read(byte[] json) throws InvalidQuoteException {
        if (json == null || isBlank(json)) {
            throw empty();
        }
        String notUtf8 = notUtf8(json);
        if (notUtf8 != null) {
            throw new InvalidQuoteException("not a quote: malformed JSON (not UTF-8: " + notUtf8 + ")", null);
        }
        return parse(() -> JSON.createParser(json), false).quote;
    }

    /** Why {@code json} is surely not UTF-8 JSON text (a byte-order mark, a NUL byte), or null. */
    private static String notUtf8(byte[] json) {
        int first = json[0] & 0xFF;
        if (first == 0xEF || first == 0xFE || first == 0xFF) {
            return "it starts with a byte-order mark";
        }
        for (int i = 0; i < json.length; ) {
            int b = json[i] & 0xFF;
            if (b == 0) {
                return "a NUL byte at " + i + ", as in UTF-16 or UTF-32";
            }
            if (b < 0x80) {
                i++;
                continue;
            }
            // Well-formed UTF-8 (RFC 3629, the Unicode table of well-formed byte sequences): jackson decodes some
            // ill-formed ones (overlong forms such as C0 AF for '/', surrogates) instead of refusing them.
            int length;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                min2 = b == 0xE0 ? 0xA0 : 0x80;
                max2 = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                min2 = b == 0xF0 ? 0x90 : 0x80;
                max2 = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                return "byte 0x" + Integer.toHexString(b) + " at " + i + " cannot start a UTF-8 character";
            }
            for (int k = 1; k < length; k++) {
                int c = i + k < json.length ? json[i + k] & 0xFF : -1;
                if (k == 1 ? c < min2 || c > max2 : c < 0x80 || c > 0xBF) {
                    return "an ill-formed UTF-8 sequence at byte " + i;
                }
            }
            i += length;
        }
        return null;
    }

    /**
     * Reads and validates one line of an S3 batch object, which must carry its {@code kafka} coordinates.
     *
     * @throws InvalidQuoteException with every violation, or when {@code line} is not a JSON object
     */
    public static BatchLine readLine(String line) throws InvalidQuoteException {
        if (line == null || line.isBlank()) {
            throw empty();
        }
        Parsed parsed = parse(() -> JSON.createParser(line), true);
        return new BatchLine(parsed.quote, parsed.kafka);
    }

    private record Parsed(Quote quote, KafkaCoordinates kafka) {
    }

    /** Opens a parser on the input. */
    private interface Source {
        JsonParser open() throws IOException;
    }

    private static InvalidQuoteException empty() {
        return new InvalidQuoteException("not a quote: the input is empty", null);
    }

    private static boolean isBlank(byte[] json) {
        for (byte b : json) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * The names seen in one JSON object: a bit for each field the codec knows, a set only for the others
     * (rare). A name that comes twice makes the input malformed: which of the two values would count? The quote's
     * own fields and its {@code kafka} object are checked; the objects inside unknown fields are skipped unread.
     */
    private static final class Names {
        private static final Map<String, Integer> KNOWN = index("schemaVersion", "source", "symbol", "name", "rank",
                "priceUsd", "volume24hUsd", "marketCapUsd", "change1hPct", "change24hPct", "change7dPct", "observedAt",
                "fetchedAt", "pollId", "kafka", "topic", "partition", "offset", "timestamp");
        private int known;
        private Set<String> others;

        void add(String name) throws InvalidQuoteException {
            Integer bit = KNOWN.get(name);
            boolean first;
            if (bit != null) {
                first = (known & 1 << bit) == 0;
                known |= 1 << bit;
            } else {
                if (others == null) {
                    others = new HashSet<>();
                }
                first = others.add(name);
            }
            if (!first) {
                throw new InvalidQuoteException("not a quote: malformed JSON (duplicate field '" + name + "')", null);
            }
        }

        private static Map<String, Integer> index(String... names) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                index.put(names[i], i);
            }
            return index; // a HashMap: jackson's names are interned, so a lookup is a cached hash and one ==
        }
    }

    /** The Kafka value of {@code quote}. */
    public static String write(Quote quote) {
        StringWriter out = new StringWriter(384);
        write(quote, null, out);
        return out.toString();
    }

    /** One S3 batch line of {@code quote} at {@code kafka}, without the line break. */
    public static String writeLine(Quote quote, KafkaCoordinates kafka) {
        StringWriter out = new StringWriter(448);
        write(quote, kafka, out);
        return out.toString();
    }

    /** Writes {@code quote}, with {@code kafka} coordinates when not null, to {@code out} (left open). */
    public static void write(Quote quote, KafkaCoordinates kafka, Writer out) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("schemaVersion", quote.schemaVersion());
            string(g, "source", quote.source());
            string(g, "symbol", quote.symbol());
            string(g, "name", quote.name());
            if (quote.rank() != null) {
                g.writeNumberField("rank", quote.rank());
            }
            decimal(g, "priceUsd", quote.priceUsd());
            decimal(g, "volume24hUsd", quote.volume24hUsd());
            decimal(g, "marketCapUsd", quote.marketCapUsd());
            decimal(g, "change1hPct", quote.change1hPct());
            decimal(g, "change24hPct", quote.change24hPct());
            decimal(g, "change7dPct", quote.change7dPct());
            time(g, "observedAt", quote.observedAt());
            time(g, "fetchedAt", quote.fetchedAt());
            string(g, "pollId", quote.pollId());
            if (kafka != null) {
                g.writeObjectFieldStart("kafka");
                g.writeStringField("topic", kafka.topic());
                g.writeNumberField("partition", kafka.partition());
                g.writeNumberField("offset", kafka.offset());
                time(g, "timestamp", kafka.timestamp());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write quote " + quote.symbol(), e);
        }
    }

    private static void string(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static void decimal(JsonGenerator g, String field, BigDecimal value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            g.writeNumber(QuoteValidator.show(value));
        }
    }

    private static void time(JsonGenerator g, String field, Instant value) throws IOException {
        if (value != null) {
            g.writeStringField(field, Times.format(value));
        }
    }

    private static Parsed parse(Source input, boolean withKafka) throws InvalidQuoteException {
        Quote.Builder quote = Quote.builder().schemaVersion(0);
        KafkaCoordinates kafka = null;
        List<Violation> violations = new ArrayList<>();
        boolean versioned = false;
        try (JsonParser p = input.open()) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidQuoteException("not a quote: the input is not a JSON object", null);
            }
            Names names = new Names();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                names.add(field);
                p.nextToken();
                switch (field) {
                    case "schemaVersion" -> {
                        versioned = true;
                        quote.schemaVersion(integer(p, field, violations, 0));
                    }
                    case "source" -> quote.source(text(p, field, violations));
                    case "symbol" -> quote.symbol(text(p, field, violations));
                    case "name" -> quote.name(text(p, field, violations));
                    case "rank" -> quote.rank(p.currentToken() == JsonToken.VALUE_NULL ? null : integer(p, field, violations, null));
                    case "priceUsd" -> quote.priceUsd(decimal(p, field, violations));
                    case "volume24hUsd" -> quote.volume24hUsd(decimal(p, field, violations));
                    case "marketCapUsd" -> quote.marketCapUsd(decimal(p, field, violations));
                    case "change1hPct" -> quote.change1hPct(decimal(p, field, violations));
                    case "change24hPct" -> quote.change24hPct(decimal(p, field, violations));
                    case "change7dPct" -> quote.change7dPct(decimal(p, field, violations));
                    case "observedAt" -> quote.observedAt(time(p, field, violations));
                    case "fetchedAt" -> quote.fetchedAt(time(p, field, violations));
                    case "pollId" -> quote.pollId(text(p, field, violations));
                    case "kafka" -> kafka = withKafka ? kafka(p, violations) : skip(p);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new InvalidQuoteException("not a quote: content follows the JSON object", null);
            }
        } catch (JsonProcessingException e) {
            throw new InvalidQuoteException("not a quote: malformed JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a quote from memory", e);
        }
        if (!versioned) {
            violations.add(Violation.of("schemaVersion", null, "is required"));
        }
        Quote q = quote.build();
        List<Violation> rules = QuoteValidator.validate(q);
        for (Violation rule : rules) {
            // A field that was present but of the wrong type is already reported; say it once.
            if (violations.stream().noneMatch(t -> t.field().equals(rule.field()))) {
                violations.add(rule);
            }
        }
        if (withKafka && kafka == null && violations.stream().noneMatch(v -> v.field().startsWith("kafka"))) {
            violations.add(Violation.of("kafka", null, "is required on a batch line"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidQuoteException(violations);
        }
        return new Parsed(q, kafka);
    }

    private static KafkaCoordinates skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static KafkaCoordinates kafka(JsonParser p, List<Violation> violations)
            throws IOException, InvalidQuoteException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            violations.add(Violation.of("kafka", p.getText(), "must be an object"));
            p.skipChildren();
            return null;
        }
        String topic = null;
        Integer partition = null;
        Long offset = null;
        Instant timestamp = null;
        Names names = new Names();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            names.add(p.currentName());
            String field = "kafka." + p.currentName();
            p.nextToken();
            switch (field) {
                case "kafka.topic" -> topic = text(p, field, violations);
                case "kafka.partition" -> partition = integer(p, field, violations, null);
                case "kafka.offset" -> offset = p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        ? Long.valueOf(p.getLongValue()) : wrongType(p, field, "must be an integer", violations);
                case "kafka.timestamp" -> timestamp = time(p, field, violations);
                default -> p.skipChildren();
            }
        }
        if (topic == null || partition == null || offset == null || timestamp == null) {
            violations.add(Violation.of("kafka", null, "needs topic, partition, offset and timestamp"));
            return null;
        }
        return new KafkaCoordinates(topic, partition, offset, timestamp);
    }

    private static String text(JsonParser p, String field, List<Violation> violations) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> wrongType(p, field, "must be a string", violations);
        };
    }

    private static Integer integer(JsonParser p, String field, List<Violation> violations, Integer otherwise)
            throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        wrongType(p, field, "must be an integer", violations);
        return otherwise;
    }

    private static BigDecimal decimal(JsonParser p, String field, List<Violation> violations) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                try {
                    yield p.getDecimalValue();
                } catch (NumberFormatException | ArithmeticException e) {
                    // An exponent beyond an int (1E-9999999999): no BigDecimal can hold it, and no quote carries it.
                    yield wrongType(p, field, "is not a number JSON can carry here (its exponent is out of range)", violations);
                }
            }
            case VALUE_NULL -> null;
            default -> wrongType(p, field, "must be a JSON number", violations);
        };
    }

    private static Instant time(JsonParser p, String field, List<Violation> violations) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            try {
                return Times.parse(p.getText());
            } catch (DateTimeParseException e) {
                // fall through to the violation below
            }
        }
        return wrongType(p, field, "must be a UTC time like 2026-11-21T18:05:00.000Z", violations);
    }

    private static <T> T wrongType(JsonParser p, String field, String problem, List<Violation> violations)
            throws IOException {
        String value = p.currentToken().isStructStart() ? p.currentToken().asString() + "…" : p.getText();
        violations.add(Violation.of(field, value, problem));
        p.skipChildren();
        return null;
    }
}
