package io.quotepipe.loader.internal;

import io.quotepipe.core.time.Deadline;

/**
 * DynamoDB kept throttling writes until the invocation's {@link Deadline}: a retriable failure. The invocation fails
 * and Lambda retries the event; every write is idempotent, so what was already written is written again unchanged.
 */
public final class ThrottledException extends RuntimeException {

    public ThrottledException(String message) {
        super(message);
    }

    public ThrottledException(String message, Throwable cause) {
        super(message, cause);
    }
}
