package io.quotepipe.consumer;

import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.S3BatchKey;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The open batch of one partition: JSON Lines compressed as they arrive (so a full 8 MiB batch
 * holds about a tenth of that in memory), and the records to acknowledge once it is in S3.
 * Not thread-safe: {@link Batches} guards it.
 */
final class PartitionBatch {

    private final S3BatchKey key;
    private final Instant openedAt;
    private final ByteArrayOutputStream object = new ByteArrayOutputStream(64 * 1024);
    private final OutputStream out;
    private final List<Message<?>> records = new ArrayList<>();
    private long uncompressedBytes;
    private long lastOffset;

    PartitionBatch(KafkaCoordinates first, boolean gzip, Instant openedAt) {
        this.key = S3BatchKey.of(first, gzip);
        this.openedAt = openedAt;
        this.lastOffset = first.offset();
        try {
            this.out = gzip ? new GZIPOutputStream(object, 64 * 1024) : object;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void append(String line, long offset, Message<?> record) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot buffer a line of " + key, e);
        }
        uncompressedBytes += bytes.length;
        lastOffset = offset;
        records.add(record);
    }

    /** Counts the record (a dead letter) so that the batch's offset range stays whole. */
    void skip(long offset) {
        lastOffset = offset;
    }

    boolean isDue(int maxRecords, long maxBytes, Instant expiresBefore) {
        return records.size() >= maxRecords || uncompressedBytes >= maxBytes || !openedAt.isAfter(expiresBefore);
    }

    /** Closes the stream; the batch takes no more lines after this. */
    byte[] finish() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + key, e);
        }
        return object.toByteArray();
    }

    S3BatchKey key() {
        return key;
    }

    int lines() {
        return records.size();
    }

    long uncompressedBytes() {
        return uncompressedBytes;
    }

    long firstOffset() {
        return key.firstOffset();
    }

    long lastOffset() {
        return lastOffset;
    }

    List<Message<?>> records() {
        return records;
    }
}
