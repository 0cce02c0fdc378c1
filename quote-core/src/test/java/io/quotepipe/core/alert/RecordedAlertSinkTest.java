package io.quotepipe.core.alert;

import io.quotepipe.core.Alert;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordedAlertSinkTest {

    static final Alert ALERT = new Alert("poller", "provider-failover", "coinpaprika failed", Map.of("provider", "coinpaprika"),
            Instant.parse("2026-11-21T18:05:00.123Z"), 0);

    final List<Alert> delivered = new ArrayList<>();
    final Map<String, String> stored = new LinkedHashMap<>();

    @Test
    void recordsTheAlertJson_underADayPrefix_withAKeyThatSortsByTime() {
        new RecordedAlertSink(delivered::add, stored::put).deliver(ALERT);

        assertThat(delivered).containsExactly(ALERT);
        assertThat(stored).hasSize(1);
        String key = stored.keySet().iterator().next();
        assertThat(key).startsWith("alerts/dt=2026-11-21/2026-11-21T18:05:00.123Z-poller-provider-failover-").endsWith(".json");
        assertThat(stored.get(key)).isEqualTo(ALERT.toJson());
        Alert later = new Alert("consumer", "a", "m", Map.of(), Instant.parse("2026-11-21T18:05:01Z"), 0);
        assertThat(RecordedAlertSink.key(later)).isGreaterThan(key);
    }

    @Test
    void recordsTheSameAlertAtTheSameKey_andAnotherAlertOfTheSameInstantAtAnother() {
        Alert other = new Alert("poller", "provider-failover", "coinlore failed", Map.of(), ALERT.time(), 0);

        assertThat(RecordedAlertSink.key(ALERT)).isEqualTo(RecordedAlertSink.key(ALERT))
                .isNotEqualTo(RecordedAlertSink.key(other));
    }

    @Test
    void deliversTheAlert_whenRecordingFails() {
        new RecordedAlertSink(delivered::add, (key, json) -> {
            throw new IllegalStateException("S3 is down");
        }).deliver(ALERT);

        assertThat(delivered).containsExactly(ALERT);
    }

    @Test
    void recordsTheAlert_andRethrows_whenDeliveryFails() {
        RecordedAlertSink sink = new RecordedAlertSink(alert -> {
            throw new IllegalStateException("SNS is down");
        }, stored::put);

        assertThatThrownBy(() -> sink.deliver(ALERT)).hasMessage("SNS is down");
        assertThat(stored).hasSize(1);
    }
}
