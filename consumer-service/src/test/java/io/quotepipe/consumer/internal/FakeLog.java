package io.quotepipe.consumer.internal;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Kafka's {@link MockConsumer} over a log that outlives it, as a broker's does: each poll delivers the
 * records from the consumer's position on (so a seek back reads them again), and the committed offsets
 * survive the consumer, so that a second one in the same group starts where the first committed.
 */
final class FakeLog {

    final String topic;
    private final Map<Integer, List<ConsumerRecord<byte[], byte[]>>> partitions = new HashMap<>();
    final Map<TopicPartition, Long> committed = new HashMap<>();
    /** Set to make commitSync throw; cleared by the test. */
    Supplier<KafkaException> commitFailure;
    int maxPerPoll = Integer.MAX_VALUE;

    FakeLog(String topic, int partitionCount) {
        this.topic = topic;
        for (int p = 0; p < partitionCount; p++) {
            partitions.put(p, new ArrayList<>());
        }
    }

    TopicPartition tp(int partition) {
        return new TopicPartition(topic, partition);
    }

    List<TopicPartition> all() {
        return partitions.keySet().stream().sorted().map(this::tp).toList();
    }

    /** Appends a record; returns its offset. */
    long append(int partition, String value) {
        return append(partition, value, 1_700_000_000_000L + partitions.get(partition).size());
    }

    /** Appends a record with a Kafka timestamp of {@code timestamp} (epoch ms); returns its offset. */
    long append(int partition, String value, long timestamp) {
        List<ConsumerRecord<byte[], byte[]>> log = partitions.get(partition);
        long offset = log.size();
        log.add(new ConsumerRecord<>(topic, partition, offset, timestamp, TimestampType.CREATE_TIME,
                -1, -1, "BTC".getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty()));
        return offset;
    }

    long end(int partition) {
        return partitions.get(partition).size();
    }

    /** Offsets of the partitions, for {@code assertEveryOffsetExactlyOnce}; {@code except} holds the dead letters. */
    Map<Integer, List<Long>> offsets(Set<Long> except) {
        return partitions.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().map(ConsumerRecord::offset).filter(o -> !except.contains(o)).toList()));
    }

    /** A new consumer of this log in the group (the committed offsets are the group's). */
    Consumer consumer() {
        return new Consumer();
    }

    final class Consumer extends MockConsumer<byte[], byte[]> {

        Consumer() {
            super("earliest");
            Map<TopicPartition, Long> beginnings = new HashMap<>();
            all().forEach(tp -> beginnings.put(tp, 0L));
            updateBeginningOffsets(beginnings);
        }

        /** MockConsumer keeps revoked partitions in {@code paused()}; Kafka forgets their pause, and so does this. */
        @Override
        public synchronized void rebalance(Collection<TopicPartition> newAssignment) {
            List<TopicPartition> revoked = assignment().stream().filter(tp -> !newAssignment.contains(tp)).toList();
            resume(revoked);
            super.rebalance(newAssignment);
        }

        @Override
        public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            super.subscribe(topics, listener); // forgets the committed offsets: give it the group's
            Map<TopicPartition, OffsetAndMetadata> known = new HashMap<>();
            committed.forEach((tp, offset) -> known.put(tp, new OffsetAndMetadata(offset)));
            super.commitSync(known);
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (TopicPartition tp : assignment()) {
                ends.put(tp, end(tp.partition()));
            }
            updateEndOffsets(ends);
            for (TopicPartition tp : assignment()) {
                if (!paused().contains(tp)) {
                    long position = position(tp);
                    partitions.get(tp.partition()).stream().skip(position).limit(maxPerPoll).forEach(this::addRecord);
                }
            }
            return super.poll(timeout);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (commitFailure != null) {
                throw commitFailure.get();
            }
            super.commitSync(offsets);
            offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
        }
    }

    static KafkaException timeout() {
        return new TimeoutException("commit timed out");
    }

    static KafkaException rebalanced() {
        return new CommitFailedException("the group has rebalanced");
    }
}
