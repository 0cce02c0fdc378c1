package io.quotepipe.consumer.internal;

import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.KafkaCoordinates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Sends poison records to the dead-letter topic for the loop: with its own {@link RetryGate} (while the topic fails,
 * the record's partition waits and nothing past the record is committed), an alert for every record dead-lettered and
 * one when sending keeps failing. Not thread-safe: the poll loop's thread owns it.
 */
final class DeadLettering {

    private static final Logger LOG = Logger.getLogger(DeadLettering.class);

    private final DeadLetters deadLetters;
    private final RetryGate gate;
    private final LoopContext loop;

    DeadLettering(DeadLetters deadLetters, RetryGate gate, LoopContext loop) {
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /** Whether a send may be tried at {@code now}. */
    boolean ready(Instant now) {
        return gate.ready(now);
    }

    /**
     * Sends the record at {@code at} to the dead-letter topic and marks it handled in its writer; false, with the
     * writer waiting, when the topic must be tried again later.
     */
    boolean send(PartitionWriter writer, ConsumerRecord<byte[], byte[]> record, KafkaCoordinates at,
            InvalidQuoteException reason, Instant now) {
        if (!gate.ready(now)) {
            writer.waitingForDeadLetter = true;
            return false;
        }
        try {
            deadLetters.send(record, reason);
        } catch (RuntimeException e) {
            Duration wait = gate.failed(now);
            writer.waitingForDeadLetter = true;
            LOG.warnf("%s (%d consecutive failures); partition %s paused, retrying in %d ms", e.getMessage(),
                    gate.failures(), writer.tp(), wait.toMillis());
            if (gate.alarming()) {
                loop.alerts().raise(AlertContext.COMPONENT, "dead-letter-failed", e.getMessage(),
                        AlertContext.at(at.topic(), at.partition(), at.offset()));
            }
            return false;
        }
        gate.succeeded();
        String kind = Poison.kind(reason);
        loop.metrics().deadLetter(kind);
        Map<String, String> context = AlertContext.at(at.topic(), at.partition(), at.offset());
        context.put("kind", kind);
        loop.alerts().raise(AlertContext.COMPONENT, "dead-letter", "record " + at + " is not a valid Quote v1 and went to "
                + deadLetters.topic() + " (" + reason.getMessage() + "). The batch went on without it; fix the producer, "
                + "then replay it from the dead-letter topic if it matters", context);
        writer.deadLettered(at.offset());
        return true;
    }
}
