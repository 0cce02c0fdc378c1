package io.quotepipe.loader;

/**
 * Loading an object failed in a way that a retry can fix (throttling past the deadline, an unreachable service):
 * the invocation fails and Lambda retries the event, which is safe because every write is idempotent. The message
 * names the object and the line reached.
 */
public final class LoadFailedException extends RuntimeException {

    public LoadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
