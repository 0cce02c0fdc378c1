package io.quotepipe.poller.kafka;

import io.quotepipe.core.Quote;

import java.util.List;

/** Where a poll's valid quotes go: Kafka ({@link QuotePublisher}); a list in unit tests. */
public interface QuoteSink {

    /**
     * Publishes every quote and returns only when each one is acknowledged.
     *
     * @throws PublishException naming the first record that was not acknowledged
     */
    void publish(List<Quote> quotes) throws PublishException;

    /** Where the quotes go, for messages: the Kafka topic. */
    String destination();
}
