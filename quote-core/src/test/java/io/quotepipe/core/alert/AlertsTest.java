package io.quotepipe.core.alert;

import io.quotepipe.core.Alert;
import io.quotepipe.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertsTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");

    final MutableClock clock = new MutableClock(T);
    final List<Alert> sent = new ArrayList<>();
    final Alerts alerts = new Alerts(sent::add, clock, Duration.ofMinutes(5));

    @Test
    void sendsTheFirstAlertOfAKind_andFoldsRepeatsWithinTheWindow() {
        assertThat(alerts.raise("poller", "provider-failed", "a", Map.of("provider", "coincap"))).isTrue();
        clock.set(T.plusSeconds(60));
        assertThat(alerts.raise("poller", "provider-failed", "b", Map.of())).isFalse();
        assertThat(alerts.raise("poller", "provider-failed", "c", Map.of())).isFalse();

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).folded()).isZero();
        assertThat(sent.get(0).context()).containsEntry("provider", "coincap");
    }

    @Test
    void theNextAlertAfterTheWindow_saysHowManyWereFoldedIn() {
        alerts.raise("poller", "provider-failed", "a", Map.of());
        alerts.raise("poller", "provider-failed", "b", Map.of());
        alerts.raise("poller", "provider-failed", "c", Map.of());
        clock.set(T.plus(Duration.ofMinutes(5)));

        alerts.raise("poller", "provider-failed", "d", Map.of());

        assertThat(sent).extracting(Alert::message).containsExactly("a", "d");
        assertThat(sent.get(1).folded()).isEqualTo(2);
    }

    @Test
    void kindsAndComponentsAreLimitedSeparately() {
        alerts.raise("poller", "provider-failed", "a", Map.of());
        alerts.raise("poller", "all-providers-failed", "b", Map.of());
        alerts.raise("loader", "provider-failed", "c", Map.of());

        assertThat(sent).extracting(Alert::message).containsExactly("a", "b", "c");
    }

    @Test
    void flushSendsHeldBackAlerts_onceTheWindowHasPassed() {
        alerts.raise("consumer", "dead-letter", "a", Map.of());
        alerts.raise("consumer", "dead-letter", "b", Map.of());
        alerts.raise("consumer", "dead-letter", "c", Map.of());

        alerts.flush();
        assertThat(sent).hasSize(1);

        clock.set(T.plus(Duration.ofMinutes(5)));
        alerts.flush();
        alerts.flush();

        assertThat(sent).extracting(Alert::message).containsExactly("a", "c");
        assertThat(sent.get(1).folded()).as("c stands for b and itself").isEqualTo(1);
    }

    @Test
    void aSinkFailureIsLoggedNotThrown() {
        Alerts failing = new Alerts(a -> {
            throw new IllegalStateException("SNS is down");
        }, clock, Duration.ofMinutes(5));

        assertThat(failing.raise("loader", "quarantine", "x", Map.of())).isFalse();
    }

    @Test
    void fromConfig_onlyLogs_withoutATopic_andNeverAsksForAnSnsClient() {
        AlertsConfig noTopic = new AlertsConfig() {
            public java.util.Optional<String> topicArn() {
                return java.util.Optional.of(" ");
            }

            public Duration window() {
                return Duration.ofMinutes(15);
            }
        };

        Alerts logged = Alerts.from(noTopic, () -> {
            throw new AssertionError("no SNS client is needed without a topic");
        }, clock);

        assertThat(logged.raise("consumer", "dead-letter", "a", Map.of())).as("delivered to the log-only sink").isTrue();
        assertThat(logged.raise("consumer", "dead-letter", "b", Map.of())).as("folded within the 15m window").isFalse();
    }
}
