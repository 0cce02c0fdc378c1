package io.quotepipe.consumer.internal;

import io.quotepipe.core.KafkaCoordinates;
import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executor;

/**
 * The writer of one partition, in the manner of kafka-connect-storage-cloud's {@code TopicPartitionWriter}: it
 * takes the partition's records in offset order, keeps at most one batch, and says which offset may be committed.
 * The poll loop ({@link BatchLoop}) routes records to it, decides when S3 and Kafka are tried, and commits.
 *
 * <pre>
 *  COMMITTED ──append──► OPEN ──seal (full, age, idle, hour, revoke, shutdown)──► SEALED ──write──► WRITTEN ──committed──► COMMITTED
 * </pre>
 *
 * <ul>
 *   <li>{@link State#COMMITTED}: no batch; everything handled before {@link #next()} is committed, except dead letters
 *   handled since the last commit ({@link #committable()} then offers the offset past them).</li>
 *   <li>{@link State#OPEN}: a batch takes records.</li>
 *   <li>{@link State#SEALED}: the batch takes no more records and waits for S3; reading is held.</li>
 *   <li>{@link State#WRITTEN}: the batch's object is in S3; {@link #committable()} is its end, and nothing more is
 *   read or written until that commit lands. This is what makes every offset land in exactly one object.</li>
 * </ul>
 *
 * <p>Not thread-safe: the poll loop's thread owns it.
 */
final class PartitionWriter {

    enum State { COMMITTED, OPEN, SEALED, WRITTEN }

    private final TopicPartition tp;
    private State state = State.COMMITTED;
    private PartitionBatch batch;
    /** Why the batch was sealed: records, bytes, age, revoke, shutdown. */
    private String reason;
    /** A dead letter could not be sent; the record is read again once the backoff allows. */
    boolean waitingForDeadLetter;
    /** Whether the loop paused the partition in the consumer. */
    boolean paused;
    /** One past the last record handled (appended or dead-lettered): where reading resumes. */
    private long next = -1;
    /** The first offset not committed: where a drop-and-rewind goes back to. */
    private long uncommittedFrom = -1;
    /** When the open batch last took a record: the idle flush counts from here. */
    private Instant lastRecordAt;
    /** When {@link State#WRITTEN}: what is stored under the batch's key (this batch, or an object it adopted). */
    private BatchStore.Stored stored;

    PartitionWriter(TopicPartition tp) {
        this.tp = Objects.requireNonNull(tp, "tp");
    }

    TopicPartition tp() {
        return tp;
    }

    State state() {
        return state;
    }

    PartitionBatch batch() {
        return batch;
    }

    String reason() {
        return reason;
    }

    long next() {
        return next;
    }

    long uncommittedFrom() {
        return uncommittedFrom;
    }

    /** Whether no more records may be read for now. */
    boolean blocked() {
        return state == State.SEALED || state == State.WRITTEN || waitingForDeadLetter;
    }

    /** Dead letters were handled after the last commit and no batch will carry their offsets. */
    boolean deadLettersToCommit() {
        return state == State.COMMITTED && uncommittedFrom >= 0 && next > uncommittedFrom;
    }

    /** Notes the offset of a record about to be handled (the first one sets where this writer starts). */
    void reading(long offset) {
        if (next < 0) {
            next = offset;
        }
        if (uncommittedFrom < 0) {
            uncommittedFrom = offset;
        }
    }

    /** Adds a valid record's line, opening a batch named after it if none is open. */
    void append(KafkaCoordinates at, byte[] line, boolean gzip, int gzipLevel, Instant now, Executor compression) {
        if (state == State.COMMITTED) {
            batch = new PartitionBatch(at, gzip, gzipLevel, now, compression);
            state = State.OPEN;
        } else if (state != State.OPEN) {
            throw new IllegalStateException(tp + " takes no record while " + state);
        }
        batch.append(line, at.offset());
        next = at.offset() + 1;
        lastRecordAt = now;
    }

    /** A record went to the dead-letter topic: the open batch's range covers it, or the next commit does. */
    void deadLettered(long offset) {
        if (state == State.OPEN) {
            batch.skip(offset);
        }
        next = offset + 1;
    }

    /** Whether the open batch is full; its reason then is {@code records} or {@code bytes}. */
    String fullReason(int maxRecords, long maxBytes) {
        if (state != State.OPEN || !batch.isFull(maxRecords, maxBytes)) {
            return null;
        }
        return batch.lines() >= maxRecords ? "records" : "bytes";
    }

    /** Whether the open batch has taken no record since {@code cutoff} (or before it). */
    boolean idleSince(Instant cutoff) {
        return state == State.OPEN && !lastRecordAt.isAfter(cutoff);
    }

    /**
     * Whether a record with Kafka timestamp {@code timestamp} belongs to another hour than the open batch: the
     * batch's key names the hour of its first record's timestamp ({@code S3BatchKey}), so an object never spans two
     * {@code hour=} partitions of the lake.
     */
    boolean startsAnotherHour(Instant timestamp) {
        return state == State.OPEN
                && !batch.key().firstTimestamp().truncatedTo(ChronoUnit.HOURS).equals(timestamp.truncatedTo(ChronoUnit.HOURS));
    }

    /** Whether the open batch was opened at or before {@code cutoff}. */
    boolean openedBy(Instant cutoff) {
        return state == State.OPEN && batch.openedBy(cutoff);
    }

    /** Closes the open batch to new records; it waits for S3 from now on. A sealed batch keeps its first reason. */
    void seal(String why) {
        if (state == State.OPEN) {
            state = State.SEALED;
            reason = why;
        }
    }

    /**
     * Creates the sealed batch's object in S3, or adopts the object already under its key: then the offsets that
     * object covers are what this writer commits, whatever its own batch held (see the README, "Fencing").
     *
     * @return what is stored under the key
     * @throws RuntimeException when it is not stored (the state stays {@link State#SEALED}: retried later)
     */
    BatchStore.Stored write(BatchStore store) {
        if (state != State.SEALED) {
            throw new IllegalStateException(tp + " has no sealed batch to write (" + state + ")");
        }
        batch.finish(); // a compression failure is not an S3 failure: it fails the loop, which restarts from the commit
        BatchStore.Stored result = store.put(batch);
        if (result.firstOffset() != batch.firstOffset() || result.endOffset() <= result.firstOffset()) {
            throw new IllegalStateException(store.describe(batch) + " holds offsets " + result.firstOffset() + " to "
                    + (result.endOffset() - 1) + ", which cannot be under this name; the object was not written by "
                    + "the consumer: move it out of quotes/");
        }
        stored = result;
        state = State.WRITTEN;
        return result;
    }

    /** The offset this writer may commit now: the end of the object under its batch's key, or past its dead letters. */
    OptionalLong committable() {
        if (state == State.WRITTEN) {
            return OptionalLong.of(stored.endOffset());
        }
        if (deadLettersToCommit()) {
            return OptionalLong.of(next);
        }
        return OptionalLong.empty();
    }

    /**
     * The commit of {@code offset} landed: back to {@link State#COMMITTED}, reading on from {@code offset}.
     *
     * @return whether reading must move elsewhere than where this writer's records stopped: an adopted object ended
     *         before or after its own batch, and the consumer must seek to {@code offset}
     */
    boolean committed(long offset) {
        boolean moved = next >= 0 && next != offset;
        state = State.COMMITTED;
        batch = null;
        stored = null;
        reason = null;
        uncommittedFrom = offset;
        next = offset;
        return moved;
    }

    @Override
    public String toString() {
        return tp + " " + state + (batch == null ? "" : " batch=" + batch.firstOffset() + ".." + (batch.endOffset() - 1))
                + " next=" + next + " uncommittedFrom=" + uncommittedFrom + " paused=" + paused
                + " waitingForDeadLetter=" + waitingForDeadLetter;
    }
}
