package io.quotepipe.consumer.internal;

import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.alert.Alerts;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The consumer's loop, in the manner of kafka-connect-storage-cloud's {@code S3SinkTask}: one thread polls Kafka,
 * routes each partition's records to its {@link PartitionWriter} (which holds the partition's one batch and its
 * state), has a writer's batch put into S3 when it is full or old enough, commits the offset the writer hands
 * back right after, retries S3, Kafka and the dead-letter topic with backoff, and handles rebalances.
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
    }

    static final String COMPONENT = "consumer";
    private static final Logger LOG = Logger.getLogger(BatchLoop.class);
    private static final Duration ALERT_FLUSH_INTERVAL = Duration.ofSeconds(10);
    private static final Duration LAG_INTERVAL = Duration.ofSeconds(1);

    private final Consumer<byte[], byte[]> consumer;
    private final RecordEncoder encoder;
    private final BatchStore store;
    private final DeadLetters deadLetters;
    private final Alerts alerts;
    private final ConsumerMetrics metrics;
    private final Clock clock;
    private final Settings settings;
    private final Map<TopicPartition, PartitionWriter> partitions = new HashMap<>();
    private final Backoff s3;
    private final Backoff commits;
    private final Backoff deadLetterSends;
    private volatile boolean stopping;
    private volatile Instant lastPoll;
    private Instant lastAlertFlush = Instant.MIN;
    private Instant lastLag = Instant.MIN;

    public BatchLoop(Consumer<byte[], byte[]> consumer, RecordEncoder encoder, BatchStore store, DeadLetters deadLetters,
            Alerts alerts, ConsumerMetrics metrics, Clock clock, Settings settings) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.store = Objects.requireNonNull(store, "store");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.s3 = new Backoff(settings.retryBackoff(), settings.retryMaxBackoff());
        this.commits = new Backoff(settings.retryBackoff(), settings.retryMaxBackoff());
        this.deadLetterSends = new Backoff(settings.retryBackoff(), settings.retryMaxBackoff());
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
            if (!deadLetter(writer, record, at, encoded.poison())) {
                return false;
            }
            metrics.recordIn();
            return true;
        }
        metrics.recordIn();
        writer.append(at, encoded.line(), settings.gzip(), settings.gzipLevel(), clock.instant(), encoder.compression());
        return true;
    }

    private boolean deadLetter(PartitionWriter writer, ConsumerRecord<byte[], byte[]> record, KafkaCoordinates at,
            InvalidQuoteException reason) {
        Instant now = clock.instant();
        if (!deadLetterSends.ready(now)) {
            writer.waitingForDeadLetter = true;
            return false;
        }
        try {
            deadLetters.send(record, reason);
        } catch (RuntimeException e) {
            Duration wait = deadLetterSends.failed(now);
            writer.waitingForDeadLetter = true;
            LOG.warnf("%s (%d consecutive failures); partition %s paused, retrying in %d ms", e.getMessage(),
                    deadLetterSends.failures(), writer.tp(), wait.toMillis());
            if (deadLetterSends.failures() >= settings.alertAfterFailures()) {
                alerts.raise(COMPONENT, "dead-letter-failed", e.getMessage(), coordinates(at));
            }
            return false;
        }
        deadLetterSends.succeeded();
        String kind = Poison.kind(reason);
        metrics.deadLetter(kind);
        Map<String, String> context = coordinates(at);
        context.put("kind", kind);
        alerts.raise(COMPONENT, "dead-letter", "record " + at + " is not a valid Quote v1 and went to "
                + deadLetters.topic() + " (" + reason.getMessage() + "). The batch went on without it; fix the producer, "
                + "then replay it from the dead-letter topic if it matters", context);
        writer.deadLettered(at.offset());
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
            if (writer.waitingForDeadLetter && deadLetterSends.ready(now)) {
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
        if (!now.isBefore(lastLag.plus(LAG_INTERVAL))) {
            lastLag = now;
            metrics.lag(lag());
        }
        if (!now.isBefore(lastAlertFlush.plus(ALERT_FLUSH_INTERVAL))) {
            lastAlertFlush = now;
            alerts.flush();
        }
    }

    /** Seals the writer's batch, puts it into S3 and commits it; false when either has to wait for a retry. */
    private boolean flush(PartitionWriter writer, String reason) {
        writer.seal(reason);
        PartitionBatch batch = writer.batch();
        Instant now = clock.instant();
        if (!s3.ready(now)) {
            return false;
        }
        long started = System.nanoTime();
        BatchStore.Stored stored;
        try {
            stored = writer.write(store);
        } catch (RuntimeException e) {
            s3Failed(writer, e, now);
            return false;
        }
        s3Recovered();
        String closedBy = writer.reason();
        boolean committed = commit(writer);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (stored.created()) {
            metrics.batchWritten(batch, closedBy, took);
            LOG.infof("batch → %s, %d lines, offsets %d..%d, %d bytes (%d uncompressed), closed by %s, in %d ms%s",
                    store.describe(batch), batch.lines(), batch.firstOffset(), batch.endOffset() - 1,
                    batch.finish().length, batch.uncompressedBytes(), closedBy, took.toMillis(),
                    committed ? "" : "; commit pending");
        } else {
            metrics.batchAdopted();
            LOG.infof("batch of offsets %d..%d not written: %s already holds offsets %d..%d (an earlier attempt's or "
                    + "another owner's); adopted, reading on from offset %d%s", batch.firstOffset(),
                    batch.endOffset() - 1, store.describe(batch), stored.firstOffset(), stored.endOffset() - 1,
                    stored.endOffset(), committed ? "" : "; commit pending");
        }
        return committed;
    }

    private void s3Failed(PartitionWriter writer, RuntimeException e, Instant now) {
        Duration wait = s3.failed(now);
        metrics.s3Failure();
        String where = store.describe(writer.batch());
        LOG.warnf("writing %s failed (%d consecutive failures), retrying in %d ms; partition %s is paused meanwhile: %s",
                where, s3.failures(), wait.toMillis(), writer.tp(), e.toString());
        if (s3.failures() >= settings.alertAfterFailures()) {
            Map<String, String> context = new LinkedHashMap<>();
            context.put("object", where);
            context.put("partition", writer.tp().toString());
            context.put("failures", Integer.toString(s3.failures()));
            alerts.raise(COMPONENT, "s3-write-failed", "cannot write " + where + " since " + s3.failingSince() + " ("
                    + s3.failures() + " attempts, last error: " + e.getMessage() + "). The partitions wait, nothing is "
                    + "committed or lost; check the bucket, its permissions and S3's health", context);
        }
    }

    private void s3Recovered() {
        if (s3.failures() >= settings.alertAfterFailures()) {
            Duration outage = Duration.between(s3.failingSince(), clock.instant());
            alerts.raise(COMPONENT, "s3-write-recovered", "S3 writes succeed again after " + s3.failures()
                    + " failed attempts over " + outage.toSeconds() + " s; the waiting batches are being written",
                    Map.of("failures", Integer.toString(s3.failures())));
        }
        s3.succeeded();
    }

    /**
     * Commits the partition up to the end of its written batch, or past its dead letters. On
     * {@link CommitFailedException} the group has moved on without us: the batch is dropped and the
     * partition rewound, so that whoever owns it now rewrites the same object.
     */
    private boolean commit(PartitionWriter writer) {
        TopicPartition tp = writer.tp();
        long offset = writer.committable().orElseThrow();
        Instant now = clock.instant();
        if (!commits.ready(now)) {
            return false;
        }
        try {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
        } catch (CommitFailedException e) {
            LOG.warnf("commit of %s at %d failed, the group has rebalanced without this instance (%s); dropping its "
                    + "batch: the partition's owner goes on from offset %d", tp, offset, e.getMessage(),
                    writer.uncommittedFrom());
            Map<String, String> context = new LinkedHashMap<>();
            context.put("topic", tp.topic());
            context.put("partition", Integer.toString(tp.partition()));
            context.put("offset", Long.toString(offset));
            alerts.raise(COMPONENT, "commit-refused", "the commit of " + tp + " at offset " + offset + " was refused: "
                    + "the group gave the partition to another member while this instance held it (it did not poll "
                    + "within max.poll.interval.ms: a stall, a slow S3 put, a cut to Kafka). Nothing is lost or "
                    + "duplicated (puts are create-only, the new owner goes on from the committed offset); if it "
                    + "repeats, find out why the instance stalls", context);
            dropAndRewind(writer);
            return false;
        } catch (RebalanceInProgressException e) {
            // Normal during a cooperative rebalance: the next poll completes it, and the commit is retried after it.
            LOG.debugf("commit of %s at %d waits for the rebalance in progress", tp, offset);
            return false;
        } catch (KafkaException e) {
            Duration wait = commits.failed(now);
            metrics.commitFailure();
            LOG.warnf("commit of %s at %d failed (%d consecutive failures), retrying in %d ms; nothing more is written "
                    + "for this partition meanwhile: %s", tp, offset, commits.failures(), wait.toMillis(), e.toString());
            if (commits.failures() >= settings.alertAfterFailures()) {
                Map<String, String> context = new LinkedHashMap<>();
                context.put("topic", tp.topic());
                context.put("partition", Integer.toString(tp.partition()));
                context.put("offset", Long.toString(offset));
                alerts.raise(COMPONENT, "commit-failed", "cannot commit " + tp + " at offset " + offset + " ("
                        + commits.failures() + " attempts, last error: " + e.getMessage() + "). Check Kafka's health",
                        context);
            }
            return false;
        }
        commits.succeeded();
        if (writer.committed(offset)) {
            consumer.seek(tp, offset); // an adopted object ended elsewhere than this writer's batch
        }
        return true;
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
        Instant deadline = clock.instant().plus(settings.shutdownTimeout());
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
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                LOG.warnf("shutdown timeout: batches of %s are not in S3 and not committed; they are read again at the "
                        + "next start", pending);
                return;
            }
            sleepUntilRetry(now, deadline);
        }
    }

    private void sleepUntilRetry(Instant now, Instant deadline) {
        Instant next = deadline;
        for (Backoff b : List.of(s3, commits)) {
            if (b.nextAttempt() != null && b.nextAttempt().isBefore(next)) {
                next = b.nextAttempt();
            }
        }
        long ms = Math.max(10, Math.min(Duration.between(now, next).toMillis(), 500));
        try {
            Thread.sleep(ms); // waiting for a retry during shutdown: nothing else to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Records per partition not yet committed: what is not yet in S3. */
    private Map<TopicPartition, Long> lag() {
        Map<TopicPartition, Long> lag = new HashMap<>();
        for (PartitionWriter writer : partitions.values()) {
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

    private static Map<String, String> coordinates(KafkaCoordinates at) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("topic", at.topic());
        context.put("partition", Integer.toString(at.partition()));
        context.put("offset", Long.toString(at.offset()));
        return context;
    }

    /** For tests: the writer of a partition, if any. */
    PartitionWriter writer(TopicPartition tp) {
        return partitions.get(tp);
    }
}
