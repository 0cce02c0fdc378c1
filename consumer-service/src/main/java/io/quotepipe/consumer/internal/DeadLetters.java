package io.quotepipe.consumer.internal;

import io.quotepipe.core.InvalidQuoteException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where poison records go: the dead-letter topic in the service ({@link KafkaDeadLetters}), a list in unit tests. */
public interface DeadLetters {

    /**
     * Sends {@code record} with {@code reason}, and returns only once it is stored.
     *
     * @throws RuntimeException when it is not; the caller retries the record later and commits nothing past it
     */
    void send(ConsumerRecord<byte[], byte[]> record, InvalidQuoteException reason);

    /** The topic dead letters go to, for log lines and alerts. */
    String topic();
}
