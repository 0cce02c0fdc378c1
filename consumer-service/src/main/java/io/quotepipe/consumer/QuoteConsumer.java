package io.quotepipe.consumer;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Entry point: each record of {@code crypto-quotes} joins its partition's batch. The record is
 * acknowledged (and so its offset becomes committable) only once the batch holding it is in S3, or
 * once it is in the dead-letter topic; see {@link Batches}.
 *
 * <p>{@code @Blocking}: a full batch is written to S3 on this thread, so while S3 is slow or down the
 * connector stops fetching (it pauses the partitions) instead of buffering without bound.
 */
@ApplicationScoped
public class QuoteConsumer {

    @Inject
    Batches batches;

    @Incoming("quotes")
    @Blocking
    public CompletionStage<Void> consume(Message<String> record) {
        IncomingKafkaRecordMetadata<?, ?> kafka = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("a record on channel 'quotes' has no Kafka metadata"));
        batches.add(kafka, record);
        return CompletableFuture.completedFuture(null);
    }
}
