package io.quotepipe.consumer.testing;

import io.quotepipe.core.BatchLine;
import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.S3BatchKey;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads batch objects back, and checks the one property that matters: every offset in exactly one object. */
public final class BatchObjects {

    private BatchObjects() {
    }

    /** The lines of one object, gunzipped when its key says {@code .gz}. */
    public static List<BatchLine> lines(String key, byte[] object) {
        List<BatchLine> lines = new ArrayList<>();
        try (InputStream in = key.endsWith(".gz") ? new GZIPInputStream(new ByteArrayInputStream(object))
                : new ByteArrayInputStream(object);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(QuoteJson.readLine(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        } catch (InvalidQuoteException e) {
            throw new AssertionError("a line of " + key + " is not a valid batch line: " + e.getMessage(), e);
        }
        return lines;
    }

    /**
     * Asserts that the objects (key to bytes) hold every offset of {@code expected} (partition to offsets) exactly
     * once, that each object is named after its first line, and that its lines are in offset order.
     */
    public static void assertEveryOffsetExactlyOnce(Map<String, byte[]> objects, Map<Integer, List<Long>> expected) {
        Map<Integer, Map<Long, Integer>> seen = new TreeMap<>();
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            List<BatchLine> lines = lines(object.getKey(), object.getValue());
            assertThat(lines).as("lines of %s", object.getKey()).isNotEmpty();
            S3BatchKey named = S3BatchKey.of(lines.get(0).kafka(), object.getKey().endsWith(".gz"));
            assertThat(object.getKey()).as("an object is named after its first line").isEqualTo(named.key());
            assertThat(lines).extracting(l -> l.kafka().offset()).as("offsets of %s", object.getKey()).isSorted();
            String partitionOfKey = object.getKey().substring(0, object.getKey().lastIndexOf('/'));
            for (BatchLine line : lines) {
                String lineKey = S3BatchKey.of(line.kafka(), false).key();
                assertThat(lineKey.substring(0, lineKey.lastIndexOf('/'))).as("the dt=/hour= of offset %d in %s",
                        line.kafka().offset(), object.getKey()).isEqualTo(partitionOfKey);
                seen.computeIfAbsent(line.kafka().partition(), p -> new TreeMap<>())
                        .merge(line.kafka().offset(), 1, Integer::sum);
            }
        }
        Map<Integer, Map<Long, Integer>> once = new TreeMap<>();
        expected.forEach((partition, offsets) -> {
            if (offsets.isEmpty()) {
                return;
            }
            Map<Long, Integer> counts = new TreeMap<>();
            offsets.forEach(o -> counts.put(o, 1));
            once.put(partition, counts);
        });
        Map<Integer, Map<Long, Integer>> duplicatesOrExtras = new HashMap<>();
        seen.forEach((partition, counts) -> counts.forEach((offset, n) -> {
            if (n != 1 || !once.getOrDefault(partition, Map.of()).containsKey(offset)) {
                duplicatesOrExtras.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, n);
            }
        }));
        assertThat(duplicatesOrExtras).as("offsets in more than one object, or not expected").isEmpty();
        assertThat(seen).as("offsets per partition, each exactly once").isEqualTo(once);
    }
}
