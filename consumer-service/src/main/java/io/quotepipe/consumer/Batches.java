package io.quotepipe.consumer;

import io.quarkus.scheduler.Scheduled;
import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One open batch per partition, written to S3 when it is full or old enough, then acknowledged.
 *
 * <p>Exactly once in effect: a record is acknowledged only after the object holding it is in S3,
 * and the object's name comes from the batch's first offset. If the service dies before the
 * commit, the records are redelivered from the last committed offset, the batch starts at the same
 * offset, and the write replaces the same object instead of adding a second.
 */
@ApplicationScoped
public class Batches {

    private static final Logger LOG = Logger.getLogger(Batches.class);

    private final ConsumerConfig.Consumer config;
    private final S3BatchWriter writer;
    private final Clock clock;
    /** Guarded by {@code this}. Key: topic-partition. */
    private final Map<String, PartitionBatch> open = new HashMap<>();

    @Inject
    public Batches(ConsumerConfig config, S3BatchWriter writer, Clock clock) {
        this.config = config.consumer();
        this.writer = writer;
        this.clock = clock;
    }

    /** Adds a record to its partition's batch, and writes the batch if that made it full. */
    void add(IncomingKafkaRecordMetadata<?, ?> kafka, Message<String> record) {
        KafkaCoordinates at = new KafkaCoordinates(kafka.getTopic(), kafka.getPartition(), kafka.getOffset(),
                kafka.getTimestamp());
        Quote quote;
        try {
            quote = QuoteJson.read(record.getPayload());
        } catch (InvalidQuoteException e) {
            // Permanent: the connector's dead-letter strategy sends it to crypto-quotes-dlq with the
            // reason and the original coordinates in headers, then acknowledges it.
            LOG.warnf("dead letter %s: %s", at, e.getMessage());
            synchronized (this) {
                PartitionBatch batch = open.get(partition(at));
                if (batch != null) {
                    batch.skip(at.offset());
                }
            }
            record.nack(e);
            return;
        }
        String line = QuoteJson.writeLine(quote, at);
        PartitionBatch due;
        synchronized (this) {
            PartitionBatch batch = open.computeIfAbsent(partition(at), p -> new PartitionBatch(at, config.gzip(), clock.instant()));
            batch.append(line, at.offset(), record);
            due = batch.isDue(config.maxRecords(), config.maxBytes(), Instant.MIN) ? open.remove(partition(at)) : null;
        }
        if (due != null) {
            write(due);
        }
    }

    /** Writes every batch whose first record has waited {@code max-age}, even if no record follows. */
    @Scheduled(identity = "flush-expired-batches", every = "${quotepipe.consumer.flush-check:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flushExpired() {
        Instant expiresBefore = clock.instant().minus(config.maxAge());
        List<PartitionBatch> due = new ArrayList<>();
        synchronized (this) {
            for (Iterator<PartitionBatch> it = open.values().iterator(); it.hasNext(); ) {
                PartitionBatch batch = it.next();
                if (batch.isDue(config.maxRecords(), config.maxBytes(), expiresBefore)) {
                    due.add(batch);
                    it.remove();
                }
            }
        }
        due.forEach(this::write);
    }

    private void write(PartitionBatch batch) {
        writer.write(batch);
        batch.records().forEach(Message::ack);
    }

    private static String partition(KafkaCoordinates at) {
        return at.topic() + "-" + at.partition();
    }
}
