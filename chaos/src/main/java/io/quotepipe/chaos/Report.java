package io.quotepipe.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reconciliation found: counts of what it read, and problems by kind with their first examples.
 *
 * @param counts   what was read and compared, by name (records, in-lake, history-items, ...)
 * @param problems every problem kind seen, with how many times
 * @param examples the first problems of each kind, each naming its key
 */
public record Report(Map<String, Long> counts, Map<String, Long> problems, Map<String, List<String>> examples) {

    /** Nothing lost, duplicated or mismatched. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** How many problems of {@code kind} were seen. */
    public long problems(String kind) {
        return problems.getOrDefault(kind, 0L);
    }

    /** A count, 0 when nothing of the kind was read. */
    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** The report as JSON, for {@code .quotepipe/}. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("ok", ok());
        counts.forEach(root.putObject("counts")::put);
        ObjectNode problemNode = root.putObject("problems");
        problems.forEach((kind, n) -> {
            ObjectNode p = problemNode.putObject(kind);
            p.put("count", n);
            examples.getOrDefault(kind, List.of()).forEach(p.putArray("first")::add);
        });
        return root;
    }

    /** A table for a terminal: counts, then each problem kind with its first examples. */
    public String table() {
        StringBuilder out = new StringBuilder();
        counts.forEach((k, v) -> out.append(String.format("  %-22s %,12d%n", k, v)));
        if (ok()) {
            out.append("  no loss, no duplicate, no mismatch\n");
        }
        problems.forEach((kind, n) -> {
            out.append(String.format("  %-22s %,12d  PROBLEM%n", kind, n));
            examples.getOrDefault(kind, List.of()).forEach(e -> out.append("      ").append(e).append('\n'));
        });
        return out.toString();
    }

    static final class Builder {
        private final int maxExamples;
        private final Map<String, Long> counts = new LinkedHashMap<>();
        private final Map<String, Long> problems = new TreeMap<>();
        private final Map<String, List<String>> examples = new TreeMap<>();

        Builder(int maxExamples) {
            this.maxExamples = maxExamples;
        }

        void count(String name) {
            count(name, 1);
        }

        void count(String name, long n) {
            counts.merge(name, n, Long::sum);
        }

        void problem(String kind, String example) {
            problems.merge(kind, 1L, Long::sum);
            List<String> first = examples.computeIfAbsent(kind, k -> new ArrayList<>());
            if (first.size() < maxExamples) {
                first.add(example);
            }
        }

        Report build() {
            return new Report(Collections.unmodifiableMap(new LinkedHashMap<>(counts)), Collections.unmodifiableMap(new TreeMap<>(problems)),
                    Collections.unmodifiableMap(new TreeMap<>(examples)));
        }
    }
}
