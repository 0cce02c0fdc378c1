package io.quotepipe.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChaosPlanTest {

    @Test
    void sameSeed_givesTheSamePlan_withEveryFaultOnce_withinTheRun() {
        List<ChaosRun.Planned> a = ChaosRun.plan(Duration.ofMinutes(2), 42);
        List<ChaosRun.Planned> b = ChaosRun.plan(Duration.ofMinutes(2), 42);

        assertThat(a).isEqualTo(b);
        assertThat(a).extracting(ChaosRun.Planned::fault).containsExactlyInAnyOrder(ChaosRun.Fault.values());
        assertThat(a).allSatisfy(p -> assertThat(p.at()).isLessThan(Duration.ofMinutes(2)));
    }

    @Test
    void anotherSeed_givesAnotherOrder() {
        assertThat(ChaosRun.plan(Duration.ofMinutes(2), 1)).extracting(ChaosRun.Planned::fault)
                .isNotEqualTo(ChaosRun.plan(Duration.ofMinutes(2), 2).stream().map(ChaosRun.Planned::fault).toList());
    }
}
