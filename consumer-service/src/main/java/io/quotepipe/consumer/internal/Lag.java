package io.quotepipe.consumer.internal;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** The consumer's lag as an operator means it: records per partition not yet committed, that is, not yet in S3. */
final class Lag {

    private Lag() {
    }

    /** Kafka's own lag (records not yet fetched) plus what the writer has read but not committed. */
    static Map<TopicPartition, Long> of(Consumer<?, ?> consumer, Collection<PartitionWriter> writers) {
        Map<TopicPartition, Long> lag = new HashMap<>();
        for (PartitionWriter writer : writers) {
            if (writer.uncommittedFrom() < 0) {
                continue;
            }
            OptionalLong unread = consumer.currentLag(writer.tp());
            if (unread.isPresent()) {
                lag.put(writer.tp(), unread.getAsLong() + Math.max(0, writer.next() - writer.uncommittedFrom()));
            }
        }
        return lag;
    }
}
