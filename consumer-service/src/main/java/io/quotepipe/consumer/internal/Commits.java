package io.quotepipe.consumer.internal;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Commits what a {@link PartitionWriter} offers, for the loop: one {@link RetryGate} for Kafka's commits, and the
 * three ways a commit can end besides landing, told apart because each asks something else of the loop. Not
 * thread-safe: the poll loop's thread owns it.
 */
final class Commits {

    /** How a commit ended. */
    enum Outcome {
        /** It landed; the writer knows. */
        COMMITTED,
        /** Not now (the backoff, a rebalance in progress, a failure): the loop tries again later. */
        PENDING,
        /** The group moved on without this instance: the loop must drop the partition's batch and rewind. */
        REFUSED
    }

    private static final Logger LOG = Logger.getLogger(Commits.class);

    private final Consumer<byte[], byte[]> consumer;
    private final RetryGate gate;
    private final LoopContext loop;

    Commits(Consumer<byte[], byte[]> consumer, RetryGate gate, LoopContext loop) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /** When the next commit may be tried; null while Kafka takes them. */
    Instant nextAttempt() {
        return gate.nextAttempt();
    }

    /**
     * Commits the partition up to the end of its written batch, or past its dead letters. On
     * {@link CommitFailedException} the group has moved on without us: {@link Outcome#REFUSED}, so that the batch is
     * dropped and the partition rewound, and whoever owns it now rewrites the same object.
     */
    Outcome commit(PartitionWriter writer) {
        TopicPartition tp = writer.tp();
        long offset = writer.committable().orElseThrow();
        Instant now = loop.clock().instant();
        if (!gate.ready(now)) {
            return Outcome.PENDING;
        }
        try {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
        } catch (CommitFailedException e) {
            LOG.warnf("commit of %s at %d failed, the group has rebalanced without this instance (%s); dropping its "
                    + "batch: the partition's owner goes on from offset %d", tp, offset, e.getMessage(),
                    writer.uncommittedFrom());
            loop.alerts().raise(AlertContext.COMPONENT, "commit-refused", "the commit of " + tp + " at offset " + offset
                    + " was refused: the group gave the partition to another member while this instance held it (it "
                    + "did not poll within max.poll.interval.ms: a stall, a slow S3 put, a cut to Kafka). Nothing is lost "
                    + "or duplicated (puts are create-only, the new owner goes on from the committed offset); if it "
                    + "repeats, find out why the instance stalls", AlertContext.at(tp.topic(), tp.partition(), offset));
            return Outcome.REFUSED;
        } catch (RebalanceInProgressException e) {
            // Normal during a cooperative rebalance: the next poll completes it, and the commit is retried after it.
            LOG.debugf("commit of %s at %d waits for the rebalance in progress", tp, offset);
            return Outcome.PENDING;
        } catch (KafkaException e) {
            Duration wait = gate.failed(now);
            loop.metrics().commitFailure();
            LOG.warnf("commit of %s at %d failed (%d consecutive failures), retrying in %d ms; nothing more is written "
                    + "for this partition meanwhile: %s", tp, offset, gate.failures(), wait.toMillis(), e.toString());
            if (gate.alarming()) {
                loop.alerts().raise(AlertContext.COMPONENT, "commit-failed", "cannot commit " + tp + " at offset " + offset
                        + " (" + gate.failures() + " attempts, last error: " + e.getMessage() + "). Check Kafka's health",
                        AlertContext.at(tp.topic(), tp.partition(), offset));
            }
            return Outcome.PENDING;
        }
        gate.succeeded();
        if (writer.committed(offset)) {
            consumer.seek(tp, offset); // an adopted object ended elsewhere than this writer's batch
        }
        return Outcome.COMMITTED;
    }
}
