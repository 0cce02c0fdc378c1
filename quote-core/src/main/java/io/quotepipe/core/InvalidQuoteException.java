package io.quotepipe.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An input that is not a valid Quote v1: not JSON, not an object, or with one or more
 * {@link Violation}s. A permanent failure: retrying cannot fix it, so callers dead-letter or
 * quarantine the input and carry on.
 */
public final class InvalidQuoteException extends Exception {

    private final List<Violation> violations;

    public InvalidQuoteException(List<Violation> violations) {
        super("invalid quote: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    /** For input that could not be read as JSON at all. */
    public InvalidQuoteException(String message, Throwable cause) {
        super(message, cause);
        this.violations = List.of();
    }

    /** Every violation found, empty when the input was not readable JSON. */
    public List<Violation> violations() {
        return violations;
    }
}
