package io.quotepipe.chaos;

import io.quotepipe.core.Times;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What outside writers send the pipeline besides the poller's quotes: Kafka values and lake lines that are not
 * valid Quote v1, each of a kind that once broke a stage (docs/design.md, "Bounds"), and the valid quotes of an
 * outside writer beside them. Every hostile input must end in the dead-letter topic or a quarantine object with its
 * reason, and the valid ones around it must load completely.
 */
final class Hostile {

    /** Source of every quote the chaos run writes itself; the poller's providers never use it. */
    static final String SOURCE = "outside";

    /** A hostile value: a name for the report, and its bytes given a time and a sequence number. */
    record Case(String name, Function<Integer, byte[]> bytes) {
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(int n, String fields) {
        String t = Times.format(Instant.now());
        return "{\"schemaVersion\":1,\"source\":\"" + SOURCE + "\",\"symbol\":\"HOSTILE\",\"observedAt\":\"" + t
                + "\",\"fetchedAt\":\"" + t + "\",\"pollId\":\"chaos-hostile-" + n + "\"" + fields + "}";
    }

    static final List<Case> CASES = List.of(
            new Case("not-json", n -> utf8("{\"schemaVersion\":1,\"symbol\":\"BTC\"")),
            new Case("schema-version-2", n -> utf8(quote(n, ",\"priceUsd\":1").replace("\"schemaVersion\":1", "\"schemaVersion\":2"))),
            new Case("negative-price", n -> utf8(quote(n, ",\"priceUsd\":-1"))),
            new Case("price-exponent-bomb", n -> utf8(quote(n, ",\"priceUsd\":1E-999999999"))),
            new Case("volume-below-dynamodb", n -> utf8(quote(n, ",\"priceUsd\":1,\"volume24hUsd\":1E-131"))),
            new Case("price-nan", n -> utf8(quote(n, ",\"priceUsd\":NaN"))),
            new Case("name-420kb", n -> utf8(quote(n, ",\"priceUsd\":1,\"name\":\"" + "x".repeat(420 * 1024) + "\""))),
            new Case("deep-nesting", n -> utf8(quote(n, ",\"priceUsd\":1,\"extra\":" + "[".repeat(5000) + "]".repeat(5000)))),
            new Case("invalid-utf8", n -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(utf8(quote(n, ",\"priceUsd\":1,\"name\":\"")));
                out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
                out.writeBytes(utf8("\"}"));
                return out.toByteArray();
            }),
            new Case("symbol-with-hash", n -> utf8(quote(n, ",\"priceUsd\":1").replace("\"HOSTILE\"", "\"BTC#1\""))));

    private Hostile() {
    }

    /**
     * A lake object an outside writer puts under {@code quotes/}: {@code valid} good lines of coins of its own
     * (symbols {@code OUT0}..), then one hostile line, the good lines carrying made-up Kafka coordinates of the
     * topic {@code outside} (so they are no record of the pipeline's topic).
     */
    static byte[] object(int n, Case hostile, int valid, Instant at) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < valid; i++) {
            Instant observed = at.plusMillis(i);
            String t = Times.format(observed);
            out.append("{\"schemaVersion\":1,\"source\":\"").append(SOURCE).append("\",\"symbol\":\"OUT").append(i % 5)
                    .append("\",\"priceUsd\":").append(100 + (n * 7 + i) % 50).append(".25,\"observedAt\":\"").append(t)
                    .append("\",\"fetchedAt\":\"").append(t).append("\",\"pollId\":\"chaos-object-").append(n)
                    .append("\",\"kafka\":{\"topic\":\"outside\",\"partition\":0,\"offset\":").append((long) n * 100_000 + i)
                    .append(",\"timestamp\":\"").append(t).append("\"}}\n");
        }
        byte[] good = out.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(good);
        bytes.writeBytes(hostile.bytes().apply(n));
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /** The key of the {@code n}th outside object: a batch name of the topic {@code outside}. */
    static String objectKey(int n, Instant at) {
        return String.format("quotes/dt=%s/hour=%s/outside-0-%019d.jsonl", Times.format(at).substring(0, 10),
                Times.format(at).substring(11, 13), (long) n * 100_000);
    }
}
