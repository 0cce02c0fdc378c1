package io.quotepipe.core.alert;

import io.quotepipe.core.Alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fold state in this process's memory: right for a long-running service, lost with it. Thread-safe. */
public final class InMemoryFoldState implements FoldState {

    /** Guarded by {@code this}. Key: component + '/' + kind. */
    private final Map<String, State> states = new HashMap<>();

    private static final class State {
        Instant lastSent;
        int folded;
        Alert lastFolded;
    }

    @Override
    public synchronized Optional<Alert> admit(Alert alert, Duration window) {
        State state = states.computeIfAbsent(alert.component() + "/" + alert.kind(), k -> new State());
        if (state.lastSent != null && alert.time().isBefore(state.lastSent.plus(window))) {
            state.folded++;
            state.lastFolded = alert;
            return Optional.empty();
        }
        Alert toSend = alert.withFolded(state.folded);
        state.lastSent = alert.time();
        state.folded = 0;
        state.lastFolded = null;
        return Optional.of(toSend);
    }

    @Override
    public synchronized List<Alert> due(Instant now, Duration window) {
        List<Alert> due = new ArrayList<>();
        states.values().forEach(state -> {
            if (state.folded > 0 && !now.isBefore(state.lastSent.plus(window))) {
                due.add(state.lastFolded.withFolded(state.folded - 1));
                state.lastSent = now;
                state.folded = 0;
                state.lastFolded = null;
            }
        });
        return due;
    }
}
