package io.quotepipe.poller.kafka;

/** Not every record of a poll reached Kafka: the poll has failed and must be retried. */
public final class PublishException extends Exception {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
