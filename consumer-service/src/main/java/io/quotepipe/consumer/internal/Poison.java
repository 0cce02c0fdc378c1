package io.quotepipe.consumer.internal;

import io.quotepipe.core.InvalidQuoteException;

/** The kinds of poison record, for the {@code dead-letter-kind} header, metrics and alerts. */
final class Poison {

    private Poison() {
    }

    /**
     * {@code not-json} when the value is not a JSON object at all, {@code not-quote-v1} when its
     * {@code schemaVersion} is missing or not 1, {@code invalid} when a Quote v1 breaks a rule.
     */
    static String kind(InvalidQuoteException e) {
        if (e.violations().isEmpty()) {
            return "not-json";
        }
        if (e.violations().stream().anyMatch(v -> v.field().equals("schemaVersion"))) {
            return "not-quote-v1";
        }
        return "invalid";
    }
}
