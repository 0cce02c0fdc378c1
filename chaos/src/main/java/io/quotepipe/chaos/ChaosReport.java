package io.quotepipe.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a chaos run: what was injected and sent, what the reconciliation found, which alerts arrived.
 *
 * @param seed           the seed, to replay the run
 * @param duration       how long the faults and the workload ran
 * @param injected       faults injected, by kind
 * @param pollsOk        polls the poller completed (every record acknowledged)
 * @param pollsFailed    polls that failed (their acknowledged records still count: the topic is the truth)
 * @param hostileRecords hostile values produced into Kafka
 * @param hostileObjects outside objects put into the lake, each with one hostile line
 * @param reconciliation what the reconciliation found after the drain
 * @param alerts         alerts received, by {@code component:kind}
 * @param missingAlerts  alerts an operator needed and did not get, by what they were for
 * @param failures       stages that gave up (a load that failed all its attempts) and faults that could not be injected
 */
public record ChaosReport(long seed, Duration duration, Map<ChaosRun.Fault, Integer> injected, int pollsOk, int pollsFailed,
        int hostileRecords, int hostileObjects, Report reconciliation, Map<String, Integer> alerts,
        Map<String, String> missingAlerts, List<String> failures) {

    /** No loss, duplicate or mismatch; every fault injected; every needed alert received; no stage gave up. */
    public boolean ok() {
        return reconciliation.ok() && missingAlerts.isEmpty() && failures.isEmpty()
                && injected.keySet().containsAll(List.of(ChaosRun.Fault.values()));
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("chaos run, seed %d, %d s: %s%n", seed, duration.toSeconds(), ok() ? "PASSED" : "FAILED"));
        out.append("faults injected\n");
        for (ChaosRun.Fault f : ChaosRun.Fault.values()) {
            out.append(String.format("  %-22s %12d%s%n", f.name().toLowerCase().replace('_', '-'), injected.getOrDefault(f, 0),
                    injected.containsKey(f) ? "" : "  NOT INJECTED"));
        }
        out.append("workload\n");
        out.append(String.format("  %-22s %12d%n  %-22s %12d%n  %-22s %12d%n  %-22s %12d%n", "polls", pollsOk,
                "polls failed", pollsFailed, "hostile records", hostileRecords, "hostile objects", hostileObjects));
        out.append("reconciliation (quotes produced, in the lake, in the table; problems)\n").append(reconciliation.table());
        out.append("alerts received\n");
        alerts.forEach((k, v) -> out.append(String.format("  %-40s %4d%n", k, v)));
        missingAlerts.forEach((why, alert) -> out.append("  MISSING ").append(alert).append(" (for ").append(why).append(")\n"));
        failures.forEach(f -> out.append("  FAILURE ").append(f).append('\n'));
        return out.toString();
    }

    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("ok", ok());
        root.put("seed", seed);
        root.put("seconds", duration.toSeconds());
        ObjectNode faults = root.putObject("faults");
        injected.forEach((f, n) -> faults.put(f.name().toLowerCase().replace('_', '-'), n));
        ObjectNode workload = root.putObject("workload");
        workload.put("polls", pollsOk).put("pollsFailed", pollsFailed).put("hostileRecords", hostileRecords)
                .put("hostileObjects", hostileObjects);
        root.set("reconciliation", reconciliation.toJson(json));
        alerts.forEach(root.putObject("alerts")::put);
        missingAlerts.forEach(root.putObject("missingAlerts")::put);
        failures.forEach(root.putArray("failures")::add);
        return root;
    }
}
