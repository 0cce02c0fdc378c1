package io.quotepipe.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a record sat in Kafka. Carried on every line of an S3 batch, so a quote in the lake can be
 * traced to the exact record it came from, and a batch can be replayed.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the record's offset
 * @param timestamp the record's Kafka timestamp
 */
public record KafkaCoordinates(String topic, int partition, long offset, Instant timestamp) {

    public KafkaCoordinates {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timestamp, "timestamp");
        timestamp = Times.millis(timestamp);
    }

    /** {@code topic-partition@offset}, the form used in log lines and alerts. */
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
