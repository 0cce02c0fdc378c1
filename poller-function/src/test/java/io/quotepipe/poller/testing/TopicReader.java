package io.quotepipe.poller.testing;

import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads what reached the real broker since the last read: every partition of the topic, from where
 * the previous read stopped up to the end offsets at the time of the call. The poller waits for its
 * acknowledgements before it returns, so a read right after a poll sees all of it, with no waiting.
 */
public final class TopicReader implements AutoCloseable {

    /**
     * A record as it sits on the topic.
     *
     * @param key     the record key
     * @param headers header values as text
     * @param value   the raw value
     */
    public record Record(String key, Map<String, String> headers, String value) {

        public Quote quote() {
            try {
                return QuoteJson.read(value);
            } catch (InvalidQuoteException e) {
                throw new AssertionError("the poller published an invalid quote: " + value, e);
            }
        }

        public String pollId() {
            return headers.get("pollId");
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;

    public TopicReader(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, false);
    }

    /** @param fromBeginning read what the topic already holds too, not only what comes after this call */
    public TopicReader(String bootstrapServers, String topic, boolean fromBeginning) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(10)));
    }

    /** Every record written since the last call (or since this reader was made). */
    public List<Record> readNew() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        List<Record> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read the topic up to " + end + " within 15 s");
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                Map<String, String> headers = new java.util.LinkedHashMap<>();
                for (Header h : r.headers()) {
                    headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                }
                records.add(new Record(r.key(), headers, r.value()));
            }
        }
        return records;
    }

    /** The records of one poll among what was written since the last call. */
    public List<Record> readNew(String pollId) {
        return readNew().stream().filter(r -> pollId.equals(r.pollId())).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
