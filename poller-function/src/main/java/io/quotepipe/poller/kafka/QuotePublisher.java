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
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a poll's quotes to Kafka and returns only when every record is acknowledged by all
 * in-sync replicas ({@code acks=all}, idempotent producer): a Lambda container may be frozen or
 * discarded as soon as the handler returns, so nothing may stay in the producer's buffer
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
 *
 * <p>One producer per container, reused by warm invocations. After a failed poll it is closed and
 * the next poll gets a fresh one: an idempotent producer can be left in a fatal state by some
 * delivery errors, and a warm container must not inherit it.
 */
@ApplicationScoped
public class QuotePublisher implements QuoteSink {

    private static final Logger LOG = Logger.getLogger(QuotePublisher.class);

    private final Map<String, Object> props;
    private final String topic;
    private final Duration sendTimeout;
    private KafkaProducer<String, String> producer;

    @Inject
    public QuotePublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, PollerConfig config) {
        this(kafka, config.kafka().topic(), config.kafka().sendTimeout());
    }

    /**
     * @param kafka       client properties, {@code bootstrap.servers} at least
     * @param topic       the quotes topic
     * @param sendTimeout how long a poll waits for every acknowledgement
     */
    public QuotePublisher(Map<String, Object> kafka, String topic, Duration sendTimeout) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        long timeoutMs = sendTimeout.toMillis();
        // Bound every wait inside the poll's own deadline: metadata (max.block.ms) and delivery.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms, or the producer refuses to start.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs / 2, 10_000));
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "quotepipe-poller");
        this.props = p;
    }

    @Override
    public String destination() {
        return "Kafka topic " + topic;
    }

    /**
     * Sends every quote (key = symbol, headers {@code source}, {@code pollId}, {@code schemaVersion})
     * and waits for all acknowledgements.
     *
     * @throws PublishException naming the first record that was not acknowledged
     */
    @Override
    public synchronized void publish(List<Quote> quotes) throws PublishException {
        try {
            send(quotes);
        } catch (PublishException e) {
            discardProducer();
            throw e;
        }
    }

    private void send(List<Quote> quotes) throws PublishException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(quotes.size());
        try {
            KafkaProducer<String, String> kafka = producer();
            for (Quote q : quotes) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("source", q.source().getBytes(StandardCharsets.UTF_8));
                headers.add("pollId", q.pollId().getBytes(StandardCharsets.UTF_8));
                headers.add("schemaVersion", Integer.toString(q.schemaVersion()).getBytes(StandardCharsets.UTF_8));
                Future<RecordMetadata> ack = kafka.send(new ProducerRecord<>(topic, null, q.symbol(), QuoteJson.write(q), headers));
                if (ack.isDone()) {
                    // send() reports some failures (no metadata within max.block.ms, a record too large) as a failed
                    // future rather than an exception, after blocking: stop at the first, or each record blocks again.
                    failFast(ack, q, acks.size(), quotes.size());
                }
                acks.add(ack);
            }
            kafka.flush();
        } catch (RuntimeException e) { // KafkaException, including a producer that cannot be created
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

    private void failFast(Future<RecordMetadata> ack, Quote q, int index, int total) throws PublishException {
        try {
            ack.get();
        } catch (ExecutionException e) {
            throw new PublishException("Kafka refused " + q.symbol() + " (record " + (index + 1) + " of " + total + ") on topic "
                    + topic + ": " + e.getCause() + ". Check kafka.bootstrap.servers and that the topic exists", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while sending to Kafka topic " + topic, e);
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private void discardProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debugf(e, "closing the failed Kafka producer");
            }
            producer = null;
        }
    }

    @PreDestroy
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
