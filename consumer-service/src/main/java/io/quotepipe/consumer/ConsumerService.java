package io.quotepipe.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quotepipe.consumer.internal.BatchLoop;
import io.quotepipe.consumer.internal.ConsumerMetrics;
import io.quotepipe.consumer.internal.KafkaDeadLetters;
import io.quotepipe.consumer.internal.LagRecorder;
import io.quotepipe.consumer.internal.LakeDeadLetters;
import io.quotepipe.consumer.internal.RecordEncoder;
import io.quotepipe.consumer.internal.S3BatchStore;
import io.quotepipe.core.alert.Alerts;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.CLIENT_ID_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG;

/**
 * Entry point: runs the {@link BatchLoop} on its own thread from start-up to shutdown. On SIGTERM
 * ({@link ShutdownEvent}, before any bean is destroyed) it asks the loop to write and commit its open
 * batches and waits for it. Should the loop fail unexpectedly, it raises an alert and starts a new one
 * with a new Kafka consumer, which reads again from the committed offsets.
 */
@ApplicationScoped
public class ConsumerService {

    private static final Logger LOG = Logger.getLogger(ConsumerService.class);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(5);

    private final ConsumerConfig config;
    private final Map<String, Object> kafka;
    private final S3Client s3;
    private final Alerts alerts;
    private final Clock clock;
    private final ConsumerMetrics metrics;
    private final RecordEncoder encoder;
    private final LagRecorder lagRecorder;
    private final Object lock = new Object();
    private Thread thread;
    private BatchLoop loop;
    private volatile boolean stopping;
    private volatile Duration maxPollInterval = Duration.ofMinutes(5);

    @Inject
    public ConsumerService(ConsumerConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            S3Client s3, Alerts alerts, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.kafka = kafka;
        this.s3 = s3;
        this.alerts = alerts;
        this.clock = clock;
        this.metrics = new ConsumerMetrics(registry, config.kafka().topic());
        this.lagRecorder = new LagRecorder(s3, config.s3().bucket(), config.consumer().groupId(),
                config.consumer().statusInterval(), clock);
        metrics.onLag(lagRecorder::measured);
        int threads = config.consumer().parseThreads();
        this.encoder = new RecordEncoder(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
    }

    void start(@Observes StartupEvent event) {
        ConfigCheck.validate(config);
        lagRecorder.start();
        synchronized (lock) {
            thread = Thread.ofPlatform().name("quotepipe-consumer").start(this::supervise);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        Thread running;
        synchronized (lock) {
            stopping = true;
            if (loop != null) {
                loop.stop();
            }
            running = thread;
        }
        if (running == null) {
            return;
        }
        try {
            running.join(config.consumer().shutdownTimeout().plusSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.warn("the consumer loop did not finish in time; what it did not commit is read again at the next start");
        }
        encoder.close();
        lagRecorder.close();
    }

    private void supervise() {
        while (!stopping) {
            try (KafkaDeadLetters deadLetters = KafkaDeadLetters.create(kafka, config.kafka().deadLetterTopicOrDefault(),
                    Duration.ofSeconds(30))) {
                BatchLoop current;
                synchronized (lock) {
                    if (stopping) {
                        return;
                    }
                    current = new BatchLoop(new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
                            new ByteArrayDeserializer()), encoder, new S3BatchStore(s3, config.s3().bucket(), config.s3().putTimeout()),
                            new LakeDeadLetters(deadLetters, s3, config.s3().bucket(), config.s3().putTimeout()),
                            alerts, metrics, clock, settings());
                    loop = current;
                }
                current.run();
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.error("the consumer loop failed; it restarts from the committed offsets", e);
                alerts.raise("consumer", "loop-failed", "the consumer loop failed (" + e + ") and restarts in "
                        + RESTART_DELAY.toSeconds() + " s from the committed offsets; nothing uncommitted is lost. "
                        + "See the service log", Map.of("topic", config.kafka().topic()));
                try {
                    Thread.sleep(RESTART_DELAY.toMillis()); // between restarts of a failed loop
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(GROUP_ID_CONFIG, config.consumer().groupId());
        // Offsets are committed by the loop, right after the object holding them is in S3.
        props.put(ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Incremental rebalances: adding an instance moves some partitions instead of stopping all of them.
        props.putIfAbsent(PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.putIfAbsent(MAX_POLL_RECORDS_CONFIG, 2000);
        props.putIfAbsent(CLIENT_ID_CONFIG, "quotepipe-consumer-" + ProcessHandle.current().pid());
        Object interval = props.get(MAX_POLL_INTERVAL_MS_CONFIG);
        if (interval != null) {
            maxPollInterval = Duration.ofMillis(Long.parseLong(interval.toString()));
        }
        return props;
    }

    private BatchLoop.Settings settings() {
        ConsumerConfig.Consumer c = config.consumer();
        return new BatchLoop.Settings(config.kafka().topic(), c.maxRecords(), c.maxBytes(), c.maxAge(), c.idleFlush(), c.gzip(),
                c.gzipLevel(), c.pollTimeout(), c.alertAfterFailures(), c.retryBackoff(), c.retryMaxBackoff(),
                c.shutdownTimeout());
    }

    /** Whether the loop runs and has polled within {@code max.poll.interval.ms}: what liveness reports. */
    public boolean isAlive() {
        synchronized (lock) {
            if (thread == null) {
                return true; // not started yet
            }
            if (!thread.isAlive()) {
                return stopping;
            }
            return loop == null || Duration.between(loop.lastPoll(), clock.instant()).compareTo(maxPollInterval) < 0;
        }
    }

    /** When the loop last polled, for the health check's data; null before the first loop. */
    public Instant lastPoll() {
        synchronized (lock) {
            return loop == null ? null : loop.lastPoll();
        }
    }
}
