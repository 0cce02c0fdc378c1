package io.quotepipe.consumer.internal;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Puts sealed batches into S3 for the loop: one {@link RetryGate} for the bucket (while S3 fails, every partition's
 * put waits for the backoff), an alert once failures repeat and another when S3 is back, the batch's metrics and
 * its log line. Not thread-safe: the poll loop's thread owns it.
 */
final class S3Puts {

    private static final Logger LOG = Logger.getLogger(S3Puts.class);

    /** A batch whose object is in S3 (written, or adopted from an earlier attempt or another owner). */
    record Put(PartitionBatch batch, BatchStore.Stored stored, String closedBy, long startedNanos) {
    }

    private final BatchStore store;
    private final RetryGate gate;
    private final LoopContext loop;

    S3Puts(BatchStore store, RetryGate gate, LoopContext loop) {
        this.store = Objects.requireNonNull(store, "store");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /** When the next put may be tried; null while S3 is healthy. */
    Instant nextAttempt() {
        return gate.nextAttempt();
    }

    /** Puts the writer's sealed batch; null when it must wait for S3 (the backoff, or this attempt failed). */
    Put put(PartitionWriter writer) {
        PartitionBatch batch = writer.batch();
        Instant now = loop.clock().instant();
        if (!gate.ready(now)) {
            return null;
        }
        long started = System.nanoTime();
        BatchStore.Stored stored;
        try {
            stored = writer.write(store);
        } catch (RuntimeException e) {
            failed(writer, e, now);
            return null;
        }
        recovered();
        return new Put(batch, stored, writer.reason(), started);
    }

    /** Counts and logs a put, once its commit was tried: the time reported includes the commit. */
    void report(Put put, boolean committed) {
        PartitionBatch batch = put.batch();
        BatchStore.Stored stored = put.stored();
        Duration took = Duration.ofNanos(System.nanoTime() - put.startedNanos());
        if (stored.created()) {
            loop.metrics().batchWritten(batch, put.closedBy(), took);
            LOG.infof("batch → %s, %d lines, offsets %d..%d, %d bytes (%d uncompressed), closed by %s, in %d ms%s",
                    store.describe(batch), batch.lines(), batch.firstOffset(), batch.endOffset() - 1,
                    batch.finish().length, batch.uncompressedBytes(), put.closedBy(), took.toMillis(),
                    committed ? "" : "; commit pending");
        } else {
            loop.metrics().batchAdopted();
            LOG.infof("batch of offsets %d..%d not written: %s already holds offsets %d..%d (an earlier attempt's or "
                    + "another owner's); adopted, reading on from offset %d%s", batch.firstOffset(),
                    batch.endOffset() - 1, store.describe(batch), stored.firstOffset(), stored.endOffset() - 1,
                    stored.endOffset(), committed ? "" : "; commit pending");
        }
    }

    private void failed(PartitionWriter writer, RuntimeException e, Instant now) {
        Duration wait = gate.failed(now);
        loop.metrics().s3Failure();
        String where = store.describe(writer.batch());
        LOG.warnf("writing %s failed (%d consecutive failures), retrying in %d ms; partition %s is paused meanwhile: %s",
                where, gate.failures(), wait.toMillis(), writer.tp(), e.toString());
        if (gate.alarming()) {
            Map<String, String> context = new LinkedHashMap<>();
            context.put("object", where);
            context.put("partition", writer.tp().toString());
            context.put("failures", Integer.toString(gate.failures()));
            loop.alerts().raise(AlertContext.COMPONENT, "s3-write-failed", "cannot write " + where + " since "
                    + gate.failingSince() + " (" + gate.failures() + " attempts, last error: " + e.getMessage()
                    + "). The partitions wait, nothing is committed or lost; check the bucket, its permissions and S3's "
                    + "health", context);
        }
    }

    private void recovered() {
        if (gate.alarming()) {
            Duration outage = Duration.between(gate.failingSince(), loop.clock().instant());
            loop.alerts().raise(AlertContext.COMPONENT, "s3-write-recovered", "S3 writes succeed again after " + gate.failures()
                    + " failed attempts over " + outage.toSeconds() + " s; the waiting batches are being written",
                    Map.of("failures", Integer.toString(gate.failures())));
        }
        gate.succeeded();
    }
}
