package io.quotepipe.consumer.internal;

import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.S3BatchKey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.zip.GZIPOutputStream;

/**
 * The open batch of one partition: JSON Lines, compressed as they arrive (so a full 8 MiB batch holds
 * about a sixth of that in memory, plus at most {@value #CHUNKS_IN_FLIGHT} + 1 chunks of lines), named after
 * its first record.
 *
 * <p>Lines are copied into chunks of {@value #CHUNK} bytes, and each full chunk is deflated on the
 * {@code compression} executor, after the previous chunk of this batch: one gzip stream, written in order,
 * while the poll loop goes on. Batches of different partitions compress in parallel. At most
 * {@value #CHUNKS_IN_FLIGHT} chunks of a batch wait for the compressor: beyond that, {@link #append} waits for
 * the oldest, so that a compressor falling behind slows the loop down instead of filling the heap.
 *
 * <p>It covers the offsets from its first line up to {@link #endOffset()} (exclusive), dead letters
 * among them included: once it is in S3, committing {@code endOffset} commits exactly this batch.
 * Not thread-safe: one poll loop owns it.
 */
public final class PartitionBatch {

    private static final int BUFFER = 64 * 1024;
    /** Lines handed to the compressor at a time: large enough that the hand-off costs nothing next to deflating it. */
    static final int CHUNK = 256 * 1024;
    static final int CHUNKS_IN_FLIGHT = 4;

    private final S3BatchKey key;
    private final Instant openedAt;
    private final ByteArrayOutputStream object = new ByteArrayOutputStream(BUFFER);
    private final OutputStream out;
    private final Executor compression;
    /** One stage per chunk handed off and not yet known to be compressed, oldest first; the last completes last. */
    private final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    private byte[] chunk;
    private int chunkUsed;
    private int lines;
    private long uncompressedBytes;
    private long lastLineOffset;
    private long endOffset;
    private byte[] finished;

    /**
     * @param first     the batch's first quote: its coordinates name the object
     * @param gzip      a {@code .jsonl.gz} object, or a plain {@code .jsonl} one
     * @param gzipLevel deflate level, 1 (fastest) to 9 (smallest)
     * @param openedAt  when the first record arrived; the age flush counts from here
     */
    public PartitionBatch(KafkaCoordinates first, boolean gzip, int gzipLevel, Instant openedAt) {
        this(first, gzip, gzipLevel, openedAt, Runnable::run);
    }

    /** @param compression where chunks are deflated, one after the other for this batch */
    public PartitionBatch(KafkaCoordinates first, boolean gzip, int gzipLevel, Instant openedAt, Executor compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        this.key = S3BatchKey.of(first, gzip);
        this.openedAt = openedAt;
        this.lastLineOffset = first.offset();
        this.endOffset = first.offset();
        try {
            this.out = gzip ? new LeveledGzip(object, gzipLevel) : object;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a gzip stream for " + key, e);
        }
    }

    /** Adds one line (without its line break) for the record at {@code offset}. */
    public void append(String line, long offset) {
        append(line.getBytes(StandardCharsets.UTF_8), offset);
    }

    /** Adds one line (UTF-8, without its line break) for the record at {@code offset}. */
    public void append(byte[] bytes, long offset) {
        if (finished != null) {
            throw new IllegalStateException(key + " is finished and takes no more lines");
        }
        if (chunk != null && chunkUsed + bytes.length + 1 > chunk.length) {
            handOff();
        }
        if (chunk == null) {
            chunk = new byte[Math.max(CHUNK, bytes.length + 1)];
        }
        System.arraycopy(bytes, 0, chunk, chunkUsed, bytes.length);
        chunk[chunkUsed + bytes.length] = '\n';
        chunkUsed += bytes.length + 1;
        lines++;
        uncompressedBytes += bytes.length + 1;
        lastLineOffset = offset;
        endOffset = offset + 1;
    }

    /** Counts a record that is not a line (a dead letter), so that the batch's offset range stays whole. */
    public void skip(long offset) {
        endOffset = Math.max(endOffset, offset + 1);
    }

    public boolean isFull(int maxRecords, long maxBytes) {
        return lines >= maxRecords || uncompressedBytes >= maxBytes;
    }

    /** Whether it was opened at or before {@code cutoff}. */
    public boolean openedBy(Instant cutoff) {
        return !openedAt.isAfter(cutoff);
    }

    /** Queues the current chunk for compression, after those before it. */
    private void handOff() {
        byte[] full = chunk;
        int length = chunkUsed;
        chunk = null;
        chunkUsed = 0;
        CompletableFuture<Void> previous = inFlight.isEmpty() ? CompletableFuture.completedFuture(null) : inFlight.peekLast();
        inFlight.addLast(previous.thenRunAsync(() -> {
            try {
                out.write(full, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compress lines of " + key, e);
            }
        }, compression));
        while (inFlight.size() > CHUNKS_IN_FLIGHT || (!inFlight.isEmpty() && inFlight.peekFirst().isDone())) {
            await(inFlight.removeFirst());
        }
    }

    /** Waits for a compression stage; what failed there fails here, as it is (an Error stays an Error). */
    private static void await(CompletableFuture<Void> stage) {
        try {
            stage.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * The object's bytes: waits for the chunks being compressed, closes the stream on the first call, and returns
     * the same bytes on every later one (retries).
     */
    public byte[] finish() {
        if (finished == null) {
            if (chunk != null) {
                handOff();
            }
            while (!inFlight.isEmpty()) {
                await(inFlight.removeFirst());
            }
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish " + key, e);
            }
            finished = object.toByteArray();
        }
        return finished;
    }

    public S3BatchKey key() {
        return key;
    }

    public int lines() {
        return lines;
    }

    public long uncompressedBytes() {
        return uncompressedBytes;
    }

    public long firstOffset() {
        return key.firstOffset();
    }

    /** Offset of the last line. */
    public long lastLineOffset() {
        return lastLineOffset;
    }

    /** The offset to commit once this batch is in S3: one past the last record it covers. */
    public long endOffset() {
        return endOffset;
    }

    public Instant openedAt() {
        return openedAt;
    }

    /** {@link GZIPOutputStream} with a chosen level: level 1 deflates quote lines several times faster than the default 6. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(level);
        }
    }
}
