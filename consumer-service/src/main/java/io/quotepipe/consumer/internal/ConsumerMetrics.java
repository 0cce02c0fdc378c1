package io.quotepipe.consumer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The service's meters (Prometheus names at {@code /q/metrics}):
 *
 * <ul>
 *   <li>{@code quotepipe_consumer_records_in_total}: records read from Kafka, poison included</li>
 *   <li>{@code quotepipe_consumer_batches_written_total{reason}}: objects put into S3, by what closed them
 *       ({@code records}, {@code bytes}, {@code age}, {@code idle}, {@code hour}, {@code revoke}, {@code shutdown})</li>
 *   <li>{@code quotepipe_consumer_lines_written_total}, {@code quotepipe_consumer_bytes_written_total}: quotes and
 *       object bytes (compressed) put into S3</li>
 *   <li>{@code quotepipe_consumer_flush_seconds}: put plus commit of one batch</li>
 *   <li>{@code quotepipe_consumer_batches_adopted_total}: batches whose key already held an object (an earlier
 *       attempt's, or another owner's); that object's offsets were committed instead (fencing)</li>
 *   <li>{@code quotepipe_consumer_dead_letters_total{kind}}: poison records sent to the dead-letter topic</li>
 *   <li>{@code quotepipe_consumer_s3_failures_total}, {@code quotepipe_consumer_commit_failures_total}</li>
 *   <li>{@code quotepipe_consumer_lag{partition}}: records of the partition not yet committed, i.e. not yet in S3
 *       (log end offset minus committed offset)</li>
 * </ul>
 */
public final class ConsumerMetrics {

    private final MeterRegistry registry;
    private final Tags topic;
    private final Counter recordsIn;
    private final Counter linesWritten;
    private final Counter bytesWritten;
    private final Counter s3Failures;
    private final Counter commitFailures;
    private final Counter batchesAdopted;
    private final Timer flush;
    private final MultiGauge lag;
    /** Also told each lag measurement: the {@link LagRecorder} that keeps it in the lake for the pipeline panel. */
    private volatile java.util.function.Consumer<Map<TopicPartition, Long>> lagListener = lag -> { };

    public ConsumerMetrics(MeterRegistry registry, String topic) {
        this.registry = registry;
        this.topic = Tags.of("topic", topic);
        this.recordsIn = Counter.builder("quotepipe.consumer.records.in").tags(this.topic)
                .description("Records read from Kafka, poison included").register(registry);
        this.linesWritten = Counter.builder("quotepipe.consumer.lines.written").tags(this.topic)
                .description("Quotes put into S3").register(registry);
        this.bytesWritten = Counter.builder("quotepipe.consumer.bytes.written").tags(this.topic).baseUnit("bytes")
                .description("Bytes of batch objects (as stored, compressed) put into S3").register(registry);
        this.s3Failures = Counter.builder("quotepipe.consumer.s3.failures").tags(this.topic)
                .description("Failed S3 puts (each is retried)").register(registry);
        this.commitFailures = Counter.builder("quotepipe.consumer.commit.failures").tags(this.topic)
                .description("Failed offset commits (each is retried)").register(registry);
        this.batchesAdopted = Counter.builder("quotepipe.consumer.batches.adopted").tags(this.topic)
                .description("Batches not written because their key already held an object (an earlier attempt's or "
                        + "another owner's), whose offsets were committed instead").register(registry);
        this.flush = Timer.builder("quotepipe.consumer.flush").tags(this.topic)
                .description("Put of one batch into S3 and commit of its offsets")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.lag = MultiGauge.builder("quotepipe.consumer.lag").tags(this.topic)
                .description("Records not yet committed (not yet in S3), per partition").register(registry);
    }

    void recordIn() {
        recordsIn.increment();
    }

    void batchWritten(PartitionBatch batch, String reason, Duration took) {
        Counter.builder("quotepipe.consumer.batches.written").tags(topic).tag("reason", reason)
                .description("Batch objects put into S3, by what closed them").register(registry).increment();
        linesWritten.increment(batch.lines());
        bytesWritten.increment(batch.finish().length);
        flush.record(took);
    }

    void batchAdopted() {
        batchesAdopted.increment();
    }

    void deadLetter(String kind) {
        Counter.builder("quotepipe.consumer.dead.letters").tags(topic).tag("kind", kind)
                .description("Poison records sent to the dead-letter topic").register(registry).increment();
    }

    void s3Failure() {
        s3Failures.increment();
    }

    void commitFailure() {
        commitFailures.increment();
    }

    void lag(Map<TopicPartition, Long> byPartition) {
        List<MultiGauge.Row<?>> rows = byPartition.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("partition", Integer.toString(e.getKey().partition())),
                        e.getValue()))
                .toList();
        lag.register(rows, true);
        lagListener.accept(byPartition);
    }

    /** Hands every lag measurement to {@code listener} as well (it must return at once: it runs on the poll loop). */
    public void onLag(java.util.function.Consumer<Map<TopicPartition, Long>> listener) {
        this.lagListener = java.util.Objects.requireNonNull(listener, "listener");
    }
}
