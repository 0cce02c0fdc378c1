package io.quotepipe.consumer.internal;

import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.time.Backoff;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.core.time.Jitter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The consumer's loop, in the manner of kafka-connect-storage-cloud's {@code S3SinkTask}: one thread polls Kafka,
 * routes each partition's records to its {@link PartitionWriter} (which holds the partition's one batch and its
 * state), has a writer's batch put into S3 when it is full or old enough, commits the offset the writer hands
 * back right after, and handles rebalances. What each dependency needs lives beside it: {@link S3Puts},
 * {@link Commits} and {@link DeadLettering} each retry with their own {@link RetryGate} and decide their alerts;
 * {@link Lag} is the lag reported.
 *
 * <p><b>Exactly once in effect.</b> A batch's object is named after its first offset, and a partition's
 * next batch is written only once the previous one is committed. So at any time, for each partition,
 * S3 holds the committed offsets in whole batches, plus at most one object that is not committed yet,
 * and that object starts at the committed offset. Whatever happens next (a crash, a rebalance, a lost
 * commit), the records are redelivered from the committed offset, the first batch starts at the same
 * record, and its put replaces that one object: no offset is ever in two objects, none is in none.
 * Commits land exactly on batch boundaries, never inside a batch (a dead letter after the last line is
 * committed with its batch, or on its own when no batch is open).
 *
 * <p><b>When S3 fails</b> the batch is kept, the partition is paused (nothing more is read, so nothing
 * piles up) and the put is retried with backoff while the loop goes on polling, which keeps this
 * instance in its group. After {@code alert-after-failures} failures an alert goes out, and another one
 * when S3 is back. Commits that fail are retried the same way, and nothing else is written for that
 * partition meanwhile.
 *
 * <p><b>Rebalances</b> run inside {@code poll}, on this thread: a revoked partition's batch is written
 * and committed if S3 is healthy, otherwise dropped, and the next owner reads from the committed
 * offset (drop and rewind). Lost partitions (this instance was expelled from the group) are dropped
 * without writing: another member may own them already.
 *
 * <p>Not thread-safe: everything except {@link #stop()} and {@link #lastPoll()} runs on the thread that
 * calls {@link #run()}.
 */
public final class BatchLoop implements ConsumerRebalanceListener {

    /** What the loop needs to know, from {@code ConsumerConfig}. */
    public record Settings(String topic, int maxRecords, long maxBytes, Duration maxAge, Duration idleFlush, boolean gzip,
                           int gzipLevel,
                           Duration pollTimeout, int alertAfterFailures, Duration retryBackoff,
                           Duration retryMaxBackoff, Duration shutdownTimeout) {
        public Settings {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(idleFlush, "idleFlush");
        }

        /** A gate for one dependency: equal jitter, so that a retry never comes at once after a failure. */
        RetryGate retryGate() {
            return new RetryGate(new Backoff(retryBackoff, retryMaxBackoff, Jitter.equal()), alertAfterFailures);
        }
    }

    private static final Logger LOG = Logger.getLogger(BatchLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final RecordEncoder encoder;
    private final Alerts alerts;
    private final ConsumerMetrics metrics;
    private final Clock clock;
    private final Settings settings;
    private final Map<TopicPartition, PartitionWriter> partitions = new HashMap<>();
    private final S3Puts s3;
    private final Commits commits;
    private final DeadLettering deadLetters;
    private final Every lagReport = new Every(Duration.ofSeconds(1));
    private final Every alertFlush = new Every(Duration.ofSeconds(10));
    private volatile boolean stopping;
    private volatile Instant lastPoll;

    public BatchLoop(Consumer<byte[], byte[]> consumer, RecordEncoder encoder, BatchStore store, DeadLetters deadLetters,
            Alerts alerts, ConsumerMetrics metrics, Clock clock, Settings settings) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        LoopContext loop = new LoopContext(alerts, metrics, clock);
        this.s3 = new S3Puts(store, settings.retryGate(), loop);
        this.commits = new Commits(consumer, settings.retryGate(), loop);
        this.deadLetters = new DeadLettering(deadLetters, settings.retryGate(), loop);
        this.lastPoll = clock.instant();
    }

    /** Subscribes and polls until {@link #stop()}; then writes and commits what it holds, and closes the consumer. */
    public void run() {
        subscribe();
        try {
            while (!stopping) {
                pollOnce();
            }
            finish();
        } catch (RuntimeException e) {
            // Unexpected: write nothing more (not even on the revoke that close() triggers); a restart rewinds.
            partitions.clear();
            throw e;
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
        }
    }

    void subscribe() {
        consumer.subscribe(List.of(settings.topic()), this);
        LOG.infof("consuming %s: batches of up to %d records, %d bytes or %s, or %s without a record", settings.topic(),
                settings.maxRecords(), settings.maxBytes(), settings.maxAge(),
                settings.idleFlush().isZero() ? "never" : settings.idleFlush());
    }

    /** Asks the loop to finish: it notices within one poll timeout. Thread-safe. */
    public void stop() {
        stopping = true;
    }

    /** When the loop last returned from a poll. Thread-safe. */
    public Instant lastPoll() {
        return lastPoll;
    }

    /** One iteration: poll, add the records to their batches, then flush, retry and commit what is due. */
    void pollOnce() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
        lastPoll = clock.instant();
        if (!records.isEmpty()) {
            // Parse and validate the whole poll at once (on several threads), then batch partition by partition.
            List<TopicPartition> polled = new ArrayList<>(records.partitions());
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
            polled.forEach(tp -> all.addAll(records.records(tp)));
            RecordEncoder.Encoded[] encoded = encoder.encode(all);
            int from = 0;
            for (TopicPartition tp : polled) {
                List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
                accept(tp, list, encoded, from);
                from += list.size();
            }
        }
        tick();
    }

    private void accept(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records, RecordEncoder.Encoded[] encoded,
            int from) {
        PartitionWriter writer = partitions.computeIfAbsent(tp, PartitionWriter::new);
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            if (!writer.blocked() && encoded[from + i].poison() == null
                    && writer.startsAnotherHour(Instant.ofEpochMilli(record.timestamp()))) {
                // Cut where the hour changes: the batch's object goes under its own hour= partition.
                if (!flush(writer, "hour")) {
                    if (partitions.get(tp) == writer) {
                        hold(writer);
                    }
                    return;
                }
                if (writer.next() != record.offset()) {
                    return; // an adopted object moved the position: the rest of this poll is read again from there
                }
            }
            if (writer.blocked() || !handle(writer, record, encoded[from + i])) {
                hold(writer);
                return;
            }
            String full = writer.fullReason(settings.maxRecords(), settings.maxBytes());
            if (full != null) {
                if (!flush(writer, full)) {
                    if (partitions.get(tp) == writer) { // else dropped and rewound by a failed commit
                        hold(writer);
                    }
                    return;
                }
                if (writer.next() != records.get(i).offset() + 1) {
                    return; // an adopted object moved the position: the rest of this poll is read again from there
                }
            }
        }
    }

    /** Adds the record's line to its writer's batch, or dead-letters it; false when it must be read again later. */
    private boolean handle(PartitionWriter writer, ConsumerRecord<byte[], byte[]> record, RecordEncoder.Encoded encoded) {
        long offset = record.offset();
        writer.reading(offset);
        KafkaCoordinates at = new KafkaCoordinates(record.topic(), record.partition(), offset,
                Instant.ofEpochMilli(record.timestamp()));
        if (encoded.poison() != null) {
            if (!deadLetters.send(writer, record, at, encoded.poison(), clock.instant())) {
                return false;
            }
            metrics.recordIn();
            return true;
        }
        metrics.recordIn();
        writer.append(at, encoded.line(), settings.gzip(), settings.gzipLevel(), clock.instant(), encoder.compression());
        return true;
    }

    /** Writes and commits what is due: old batches, full ones waiting for S3, pending commits; resumes what may read again. */
    void tick() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(settings.maxAge());
        for (PartitionWriter writer : new ArrayList<>(partitions.values())) {
            if (writer.committable().isPresent()) {
                commit(writer);
            } else if (writer.state() == PartitionWriter.State.SEALED) {
                flush(writer, writer.reason());
            } else if (writer.openedBy(cutoff)) {
                flush(writer, "age");
            } else if (!settings.idleFlush().isZero() && writer.idleSince(now.minus(settings.idleFlush()))) {
                flush(writer, "idle"); // the partition has gone quiet: its poll's batch is complete
            }
            if (writer.waitingForDeadLetter && deadLetters.ready(now)) {
                writer.waitingForDeadLetter = false;
            }
            if (partitions.get(writer.tp()) != writer) {
                continue; // dropped by a failed commit
            }
            if (writer.blocked()) {
                hold(writer);
            } else if (writer.paused) {
                consumer.resume(List.of(writer.tp()));
                writer.paused = false;
            }
        }
        if (lagReport.due(now)) {
            metrics.lag(Lag.of(consumer, partitions.values()));
        }
        if (alertFlush.due(now)) {
            alerts.flush(); // kinds that went quiet: their folded count is sent now
        }
    }

    /** Seals the writer's batch, puts it into S3 and commits it; false when either has to wait for a retry. */
    private boolean flush(PartitionWriter writer, String reason) {
        writer.seal(reason);
        S3Puts.Put put = s3.put(writer);
        if (put == null) {
            return false;
        }
        boolean committed = commit(writer);
        s3.report(put, committed);
        return committed;
    }

    /** Commits what the writer offers; a commit the group refused drops the batch and rewinds the partition. */
    private boolean commit(PartitionWriter writer) {
        Commits.Outcome outcome = commits.commit(writer);
        if (outcome == Commits.Outcome.REFUSED) {
            dropAndRewind(writer);
        }
        return outcome == Commits.Outcome.COMMITTED;
    }

    /** Stops reading the partition and rewinds its position to the first record not handled. */
    private void hold(PartitionWriter writer) {
        if (writer.paused) {
            return;
        }
        if (writer.next() >= 0) {
            consumer.seek(writer.tp(), writer.next());
        }
        consumer.pause(List.of(writer.tp()));
        writer.paused = true;
    }

    /** Forgets the partition's batch and goes back to its last commit, as a restart would. */
    private void dropAndRewind(PartitionWriter writer) {
        partitions.remove(writer.tp());
        if (consumer.assignment().contains(writer.tp())) {
            if (writer.uncommittedFrom() >= 0) {
                consumer.seek(writer.tp(), writer.uncommittedFrom());
            }
            if (writer.paused) {
                consumer.resume(List.of(writer.tp()));
            }
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        if (!assigned.isEmpty()) {
            LOG.infof("assigned %s", assigned);
        }
    }

    /**
     * Flush or drop-and-rewind: a revoked partition's batch is written and committed when S3 and Kafka
     * take it at once; otherwise it is dropped, and the next owner reads it again from the committed
     * offset and writes the same object. The next owner starts only after this returns.
     */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            PartitionWriter writer = partitions.remove(tp);
            if (writer == null) {
                continue;
            }
            boolean done;
            if (writer.committable().isPresent()) {
                done = commit(writer);
            } else if (writer.batch() != null) {
                done = flush(writer, "revoke");
            } else {
                done = true;
            }
            if (!done) {
                LOG.infof("partition %s revoked with records not in S3; its next owner reads them again from offset %d",
                        tp, writer.uncommittedFrom());
            }
        }
        if (!revoked.isEmpty()) {
            LOG.infof("revoked %s", revoked);
        }
    }

    /** Expelled from the group: another member may own these already, so nothing is written or committed. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        if (lost.isEmpty()) {
            return;
        }
        LOG.warnf("lost %s (this instance left the group, e.g. after a long pause); their open batches are dropped "
                + "and their new owners read them again from the committed offsets", lost);
        lost.forEach(partitions::remove);
    }

    /** SIGTERM: writes and commits every open batch, retrying until {@code shutdown-timeout}. */
    void finish() {
        Deadline deadline = Deadline.after(clock, settings.shutdownTimeout());
        partitions.values().forEach(writer -> writer.seal("shutdown"));
        while (true) {
            for (PartitionWriter writer : new ArrayList<>(partitions.values())) {
                if (writer.committable().isPresent()) {
                    commit(writer);
                } else if (writer.batch() != null) {
                    flush(writer, "shutdown");
                }
            }
            List<TopicPartition> pending = partitions.values().stream()
                    .filter(w -> w.batch() != null || w.deadLettersToCommit()).map(PartitionWriter::tp).toList();
            if (pending.isEmpty()) {
                LOG.info("every batch is in S3 and committed");
                return;
            }
            if (deadline.passed()) {
                LOG.warnf("shutdown timeout: batches of %s are not in S3 and not committed; they are read again at the "
                        + "next start", pending);
                return;
            }
            sleepUntilRetry(deadline);
        }
    }

    private void sleepUntilRetry(Deadline deadline) {
        Instant next = deadline.at();
        for (Instant retry : new Instant[] {s3.nextAttempt(), commits.nextAttempt()}) {
            if (retry != null && retry.isBefore(next)) {
                next = retry;
            }
        }
        long ms = Math.max(10, Math.min(Duration.between(clock.instant(), next).toMillis(), 500));
        try {
            Thread.sleep(ms); // waiting for a retry during shutdown: nothing else to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** For tests: the writer of a partition, if any. */
    PartitionWriter writer(TopicPartition tp) {
        return partitions.get(tp);
    }
}
