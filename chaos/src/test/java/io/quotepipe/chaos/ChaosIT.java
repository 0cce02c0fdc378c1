package io.quotepipe.chaos;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeded chaos run of CI (README, "Chaos run"): every fault kind injected once within two minutes of workload,
 * then nothing lost, duplicated or mismatched, and every alert an operator needed received.
 */
class ChaosIT {

    static final Path ROOT = Path.of(System.getProperty("quotepipe.home", "..")).toAbsolutePath().normalize();
    static final long SEED = Long.getLong("chaos.seed", 20261203L);

    @Test
    void seededChaosRun_losesDuplicatesAndAltersNothing_andAlertsWhereAnOperatorMustAct() {
        ChaosReport report = ChaosRun.run(new ChaosRun.Options(Duration.ofMinutes(2), SEED, ROOT,
                ROOT.resolve("chaos/target/chaos-it"), Duration.ofSeconds(2), Duration.ofMinutes(3)));

        assertThat(report.injected()).as(report.table()).containsOnlyKeys(ChaosRun.Fault.values());
        assertThat(report.reconciliation().count("records")).as(report.table()).isPositive();
        assertThat(report.hostileRecords() + report.hostileObjects()).as(report.table()).isPositive();
        assertThat(report.ok()).as(report.table()).isTrue();
    }
}
