package io.quotepipe.core.alert;

import io.quotepipe.core.Alert;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Raises operator alerts, at most one per component and kind per {@code window}: an outage that
 * fails every record must not send a thousand emails. Alerts held back are counted, not lost: the
 * next alert of that kind says how many it folds in ({@link Alert#folded()}), and {@link #flush()}
 * (call it on a timer) sends a summary for kinds that went quiet.
 *
 * <p>Every alert is also logged, so that an alert that SNS could not take is still on record.
 * Delivery failures are logged and never thrown: an alert must not fail the work it reports on.
 * Thread-safe.
 */
public final class Alerts {

    private static final Logger LOG = Logger.getLogger(Alerts.class);

    private final AlertSink sink;
    private final Clock clock;
    private final Duration window;
    /** Guarded by {@code this}. Key: component + '/' + kind. */
    private final Map<String, State> states = new HashMap<>();

    private static final class State {
        Instant lastSent;
        int folded;
        Alert lastFolded;
    }

    public Alerts(AlertSink sink, Clock clock, Duration window) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
    }

    /**
     * Raises an alert now, or folds it into the next one of its kind when one was sent within the window.
     *
     * @param context where it happened: provider; topic/partition/offset; bucket/key/line. Never a secret.
     * @return whether it was delivered now
     */
    public boolean raise(String component, String kind, String message, Map<String, String> context) {
        Alert alert = new Alert(component, kind, message, context, clock.instant(), 0);
        LOG.warnf("alert %s: %s %s", alert.subject(), message, alert.context());
        Alert toSend;
        synchronized (this) {
            State state = states.computeIfAbsent(component + "/" + kind, k -> new State());
            if (state.lastSent != null && alert.time().isBefore(state.lastSent.plus(window))) {
                state.folded++;
                state.lastFolded = alert;
                return false;
            }
            toSend = alert.withFolded(state.folded);
            state.lastSent = alert.time();
            state.folded = 0;
            state.lastFolded = null;
        }
        return send(toSend);
    }

    /** Sends, for each kind whose window has passed with alerts held back, the last of them with the count. */
    public void flush() {
        Instant now = clock.instant();
        Map<String, Alert> due = new HashMap<>();
        synchronized (this) {
            states.forEach((key, state) -> {
                if (state.folded > 0 && !now.isBefore(state.lastSent.plus(window))) {
                    // The summary stands for the held-back alerts: itself plus the others folded in.
                    due.put(key, state.lastFolded.withFolded(state.folded - 1));
                    state.lastSent = now;
                    state.folded = 0;
                    state.lastFolded = null;
                }
            });
        }
        due.values().forEach(this::send);
    }

    private boolean send(Alert alert) {
        try {
            sink.deliver(alert);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf("could not publish alert %s (%s); it is in this log: %s", alert.subject(), e.getMessage(), alert.toJson());
            return false;
        }
    }
}
