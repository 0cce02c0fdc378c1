package io.quotepipe.consumer.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.Times;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Sends each dead letter to the dead-letter topic ({@code delegate}) and then mirrors it into the lake as
 * {@code dead-letters/<topic>-<partition>-<offset, 19 digits>.json} with its reason (docs/design.md, "Pipeline records"):
 * the query service, a Lambda outside the Kafka VPC, counts dead letters by listing that prefix.
 *
 * <p>The key comes from the record's coordinates, so a dead letter sent again (after a restart before the commit)
 * overwrites its own mirror and is counted once. A failed mirror fails {@link #send} like a failed Kafka send: the record
 * is retried and nothing is committed past it, so every dead letter is in the topic and in the lake.
 */
public final class LakeDeadLetters implements DeadLetters {

    /** The lake's prefix of dead-letter mirrors. */
    public static final String PREFIX = "dead-letters/";
    /** The value is in the dead-letter topic byte for byte; the mirror shows its start, for the operator. */
    static final int MAX_VALUE_BYTES = 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private final DeadLetters delegate;
    private final S3Client s3;
    private final String bucket;
    private final Duration putTimeout;

    public LakeDeadLetters(DeadLetters delegate, S3Client s3, String bucket, Duration putTimeout) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.putTimeout = Objects.requireNonNull(putTimeout, "putTimeout");
    }

    /** {@code dead-letters/crypto-quotes-0-0000000000000000042.json}: one object per record, listed in offset order. */
    public static String key(String topic, int partition, long offset) {
        return String.format("%s%s-%d-%019d.json", PREFIX, topic, partition, offset);
    }

    @Override
    public void send(ConsumerRecord<byte[], byte[]> record, InvalidQuoteException reason) {
        delegate.send(record, reason);
        String key = key(record.topic(), record.partition(), record.offset());
        try {
            s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/json")
                            .overrideConfiguration(c -> c.apiCallTimeout(putTimeout)),
                    RequestBody.fromString(json(record, reason, delegate.topic())));
        } catch (SdkException e) {
            throw new IllegalStateException("dead letter " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " is in " + delegate.topic() + " but could not be mirrored to s3://" + bucket + "/" + key + ": "
                    + e.getMessage() + ". Check the consumer's s3:PutObject right on dead-letters/*; the record is retried", e);
        }
    }

    @Override
    public String topic() {
        return delegate.topic();
    }

    static String json(ConsumerRecord<byte[], byte[]> record, InvalidQuoteException reason, String deadLetterTopic) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("topic", record.topic());
            g.writeNumberField("partition", record.partition());
            g.writeNumberField("offset", record.offset());
            g.writeStringField("timestamp", Times.format(Instant.ofEpochMilli(record.timestamp())));
            g.writeStringField("deadLetterTopic", deadLetterTopic);
            g.writeStringField("kind", Poison.kind(reason));
            g.writeStringField("reason", reason.getMessage());
            if (reason.getCause() != null) {
                g.writeStringField("cause", String.valueOf(reason.getCause().getMessage()));
            }
            if (record.key() != null) {
                g.writeStringField("key", text(record.key(), MAX_VALUE_BYTES));
            }
            int size = record.value() == null ? 0 : record.value().length;
            g.writeNumberField("valueBytes", size);
            if (record.value() != null) {
                g.writeStringField("value", text(record.value(), MAX_VALUE_BYTES));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the mirror of dead letter " + record.topic() + "-"
                    + record.partition() + "@" + record.offset(), e);
        }
        return out.toString();
    }

    /** The first {@code max} bytes as text; bytes that are not UTF-8 (a cut character included) become U+FFFD. */
    private static String text(byte[] bytes, int max) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(Math.min(bytes.length, max));
        decoder.decode(ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, max)), chars, true);
        return chars.flip().toString();
    }
}
