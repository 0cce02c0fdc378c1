package io.quotepipe.consumer.internal;

import io.quotepipe.core.InvalidQuoteException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends poison records to the dead-letter topic: the original key, value and headers, byte for byte,
 * plus the headers SmallRye Reactive Messaging's {@code dead-letter-queue} failure strategy writes, so that
 * tools built for it read ours:
 *
 * <ul>
 *   <li>{@code dead-letter-reason}: every violation, e.g. {@code invalid quote: priceUsd=-1 must be greater than 0}</li>
 *   <li>{@code dead-letter-exception-class-name}: {@code io.quotepipe.core.InvalidQuoteException}</li>
 *   <li>{@code dead-letter-cause}, {@code dead-letter-cause-class-name}: the parser's error, when the value is not JSON</li>
 *   <li>{@code dead-letter-topic}, {@code dead-letter-partition}, {@code dead-letter-offset}: where the record was</li>
 *   <li>{@code dead-letter-kind}: ours, {@code not-json}, {@code not-quote-v1} or {@code invalid}</li>
 * </ul>
 *
 * Idempotent producer with {@code acks=all}; {@link #send} waits for the acknowledgement, since the
 * record's offset is committed right after.
 */
public final class KafkaDeadLetters implements DeadLetters, AutoCloseable {

    static final String REASON = "dead-letter-reason";
    static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    static final String CAUSE = "dead-letter-cause";
    static final String CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
    static final String TOPIC = "dead-letter-topic";
    static final String PARTITION = "dead-letter-partition";
    static final String OFFSET = "dead-letter-offset";
    static final String KIND = "dead-letter-kind";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration timeout;

    KafkaDeadLetters(Producer<byte[], byte[]> producer, String topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** A dead-letter sender on {@code kafka} (the {@code kafka.*} configuration) to {@code topic}. */
    public static KafkaDeadLetters create(Map<String, Object> kafka, String topic, Duration timeout) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "quotepipe-consumer-dead-letters");
        return new KafkaDeadLetters(new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()),
                topic, timeout);
    }

    @Override
    public void send(ConsumerRecord<byte[], byte[]> record, InvalidQuoteException reason) {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(topic, null, record.key(), record.value());
        header(dead, EXCEPTION_CLASS_NAME, reason.getClass().getName());
        header(dead, REASON, reason.getMessage());
        if (reason.getCause() != null) {
            header(dead, CAUSE_CLASS_NAME, reason.getCause().getClass().getName());
            header(dead, CAUSE, String.valueOf(reason.getCause().getMessage()));
        }
        header(dead, TOPIC, record.topic());
        header(dead, PARTITION, Integer.toString(record.partition()));
        header(dead, OFFSET, Long.toString(record.offset()));
        header(dead, KIND, Poison.kind(reason));
        for (Header h : record.headers()) {
            dead.headers().add(h);
        }
        String at = record.topic() + "-" + record.partition() + "@" + record.offset();
        try {
            producer.send(dead).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send dead letter " + at + " to " + topic + ": " + e.getCause()
                    + ". Check that the topic exists and Kafka is reachable; the record is retried", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("dead letter " + at + " was not acknowledged by " + topic + " within "
                    + timeout + "; the record is retried", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending dead letter " + at + " to " + topic, e);
        }
    }

    private static void header(ProducerRecord<?, ?> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
