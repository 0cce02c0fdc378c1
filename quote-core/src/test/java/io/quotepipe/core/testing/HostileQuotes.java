package io.quotepipe.core.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.Times;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile-value corpus {@code hostile-quotes.jsonl} (a resource of quote-core's test-jar, for every entrance:
 * provider stub, Kafka, S3). One JSON line per case: {@code case} (its name), {@code json} (the input text, with the
 * placeholders below) and {@code reason} (a regular expression the rejection message must contain; absent for the
 * cases at a bound that must be accepted).
 *
 * <p>Placeholders keep the file small and able to carry bytes that are not text: {@code {{KAFKA}}} is where an S3
 * batch line carries its {@code kafka} coordinates (nothing in a Kafka value), {@code {{REPEAT:x:n}}} is {@code x}
 * written {@code n} times, {@code {{BYTES:c328}}} are raw bytes (invalid UTF-8, raw control characters).
 */
public final class HostileQuotes {

    public static final String RESOURCE = "/hostile-quotes.jsonl";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(KAFKA|REPEAT:([^:}]+):(\\d+)|BYTES:([0-9a-f]+))\\}\\}");

    private HostileQuotes() {
    }

    /**
     * One case.
     *
     * @param name   what it tries, e.g. {@code volume-below-dynamodb-smallest-1E-131}
     * @param json   the input text with its placeholders
     * @param reason what the rejection must say (a regular expression found in the message), or null when the input
     *               is a valid quote at a bound
     */
    public record Case(String name, String json, Pattern reason) {

        public boolean valid() {
            return reason == null;
        }

        /** The bytes as a Kafka record value (no coordinates). */
        public byte[] value() {
            return expand(null);
        }

        /** The bytes as a line of an S3 batch object, with these coordinates (no line break). */
        public byte[] line(KafkaCoordinates kafka) {
            return expand(kafka);
        }

        private byte[] expand(KafkaCoordinates kafka) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length());
            Matcher m = PLACEHOLDER.matcher(json);
            int at = 0;
            while (m.find()) {
                out.writeBytes(json.substring(at, m.start()).getBytes(StandardCharsets.UTF_8));
                if (m.group(1).equals("KAFKA")) {
                    if (kafka != null) {
                        boolean last = m.end() < json.length() && json.charAt(m.end()) == '}';
                        out.writeBytes(("\"kafka\":{\"topic\":\"" + kafka.topic() + "\",\"partition\":" + kafka.partition()
                                + ",\"offset\":" + kafka.offset() + ",\"timestamp\":\"" + Times.format(kafka.timestamp())
                                + "\"}" + (last ? "" : ",")).getBytes(StandardCharsets.UTF_8));
                    }
                } else if (m.group(2) != null) {
                    out.writeBytes(m.group(2).repeat(Integer.parseInt(m.group(3))).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.writeBytes(HexFormat.of().parseHex(m.group(4)));
                }
                at = m.end();
            }
            out.writeBytes(json.substring(at).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every case, in file order. */
    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        JsonFactory json = new JsonFactory();
        try (InputStream in = HostileQuotes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: depend on quote-core's test-jar");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String name = null;
                String text = null;
                String reason = null;
                try (JsonParser p = json.createParser(line)) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        p.nextToken();
                        switch (field) {
                            case "case" -> name = p.getText();
                            case "json" -> text = p.getText();
                            case "reason" -> reason = p.getText();
                            default -> p.skipChildren();
                        }
                    }
                }
                cases.add(new Case(name, text, reason == null ? null : Pattern.compile(reason)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return cases;
    }

    /** The cases that must be rejected. */
    public static List<Case> hostile() {
        return all().stream().filter(c -> !c.valid()).toList();
    }

    /** The cases at a bound that must be accepted. */
    public static List<Case> atBounds() {
        return all().stream().filter(Case::valid).toList();
    }
}
