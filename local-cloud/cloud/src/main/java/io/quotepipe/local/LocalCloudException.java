package io.quotepipe.local;

/**
 * The local cloud could not do what was asked: a server did not start or stop, or a resource could not be created.
 * The message names the server, its log file and the last lines of that log, and says what to do when that is known.
 */
public class LocalCloudException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalCloudException(String message) {
        super(message);
    }

    public LocalCloudException(String message, Throwable cause) {
        super(message, cause);
    }
}
