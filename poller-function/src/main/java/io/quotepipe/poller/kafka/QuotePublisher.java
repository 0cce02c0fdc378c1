package io.quotepipe.poller.kafka;

import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.poller.PollerConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a poll's quotes to Kafka and returns only when every record is acknowledged by all
 * in-sync replicas: a Lambda container may be frozen or discarded as soon as the handler returns, so
 * nothing may stay in the producer's buffer (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
 *
 * <p>One producer per container, created on first use and reused by warm invocations.
 */
@ApplicationScoped
public class QuotePublisher {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Duration sendTimeout;

    @Inject
    public QuotePublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, PollerConfig config) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        long timeoutMs = config.kafka().sendTimeout().toMillis();
        // Bound every wait inside the poll's own deadline: metadata (max.block.ms) and delivery.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 10_000));
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "quotepipe-poller");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = config.kafka().topic();
        this.sendTimeout = config.kafka().sendTimeout();
    }

    /**
     * Sends every quote (key = symbol, headers {@code source}, {@code pollId}, {@code schemaVersion})
     * and waits for all acknowledgements.
     *
     * @throws PublishException naming the first record that was not acknowledged
     */
    public void publish(List<Quote> quotes) throws PublishException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(quotes.size());
        try {
            for (Quote q : quotes) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("source", q.source().getBytes(StandardCharsets.UTF_8));
                headers.add("pollId", q.pollId().getBytes(StandardCharsets.UTF_8));
                headers.add("schemaVersion", Integer.toString(q.schemaVersion()).getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(new ProducerRecord<>(topic, null, q.symbol(), QuoteJson.write(q), headers)));
            }
            producer.flush();
        } catch (RuntimeException e) {
            throw new PublishException("sending to Kafka topic " + topic + " failed after " + acks.size() + " of "
                    + quotes.size() + " records: " + e.getMessage() + ". Check kafka.bootstrap.servers and that the topic exists", e);
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new PublishException("Kafka did not acknowledge " + quotes.get(i).symbol() + " (record " + (i + 1)
                        + " of " + quotes.size() + ") on topic " + topic + " within " + sendTimeout + ": " + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while waiting for Kafka acknowledgements on " + topic, e);
            }
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Not every record of a poll reached Kafka: the poll has failed and must be retried. */
    public static final class PublishException extends Exception {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
