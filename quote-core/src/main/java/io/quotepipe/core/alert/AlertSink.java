package io.quotepipe.core.alert;

import io.quotepipe.core.Alert;

/** Where alerts go once they pass rate limiting: SNS in production, a list in unit tests. */
@FunctionalInterface
public interface AlertSink {

    /**
     * Delivers {@code alert}.
     *
     * @throws RuntimeException when it could not be delivered
     */
    void deliver(Alert alert);
}
