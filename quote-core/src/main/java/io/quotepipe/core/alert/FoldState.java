package io.quotepipe.core.alert;

import io.quotepipe.core.Alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link Alerts} keeps, per component and kind, when an alert was last sent and what was held back since: in
 * one process's memory ({@link InMemoryFoldState}, for long-running services) or in the table, shared by every
 * container of a function and surviving their recycling ({@link DynamoFoldState}).
 */
public interface FoldState {

    /**
     * Records {@code alert}, raised at its time.
     *
     * @return the alert to send now, carrying how many alerts of its kind were held back since the last one sent; empty
     *         when one was sent within {@code window}: then it is held back and counted
     */
    Optional<Alert> admit(Alert alert, Duration window);

    /**
     * The summaries due at {@code now}: for each kind with alerts held back and no alert sent within {@code window}, the
     * last one held back, standing for all of them ({@code folded} = their number - 1). They count as sent now.
     */
    List<Alert> due(Instant now, Duration window);
}
