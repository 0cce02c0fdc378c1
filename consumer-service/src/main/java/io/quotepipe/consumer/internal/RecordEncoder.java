package io.quotepipe.consumer.internal;

import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.Times;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The work that costs CPU per record, spread over threads while the poll loop stays single-threaded:
 * parsing and validating records into batch lines (QuoteJson's exact decimals and full validation), and
 * compressing the batches ({@link #compression()}). A poll's records are cut into contiguous slices, one
 * per thread; the results come back in the records' order. Compression runs on a pool of its own, so that
 * a batch's chunks are deflated while the loop parses the next poll.
 *
 * <p>The line is the record's value as it came, with the {@code kafka} coordinates added as its last
 * field: unknown fields of newer producers stay in the lake, and no decimal is re-printed. A value that
 * spans lines, has a {@code "kafka"} name anywhere or a {@code \\u} escape is re-written by {@link QuoteJson#writeLine}
 * instead, so that every line is one JSON object with exactly one {@code kafka} field.
 */
public final class RecordEncoder implements AutoCloseable {

    /** One record, parsed and validated: its batch line (no line break), or why it is poison. */
    public record Encoded(byte[] line, InvalidQuoteException poison) {
    }

    /** Below this many records a poll is encoded on the calling thread: handing off costs more than it saves. */
    static final int PARALLEL_THRESHOLD = 256;

    private final int threads;
    private final ExecutorService pool;
    private final ExecutorService compressionPool;

    /** @param threads threads that encode, the calling one included; 1 encodes on the calling thread only */
    public RecordEncoder(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads > 1
                ? Executors.newFixedThreadPool(this.threads - 1, r -> Thread.ofPlatform().daemon().name("quotepipe-encoder", 0).unstarted(r))
                : null;
        this.compressionPool = this.threads > 1
                ? Executors.newFixedThreadPool(this.threads, r -> Thread.ofPlatform().daemon().name("quotepipe-gzip", 0).unstarted(r))
                : null;
    }

    /** Where batches compress their chunks: a pool of one thread per encoder thread, or the calling thread when there is one. */
    public Executor compression() {
        return compressionPool != null ? compressionPool : Runnable::run;
    }

    /** The results of {@code records}, in their order. */
    public Encoded[] encode(List<ConsumerRecord<byte[], byte[]>> records) {
        Encoded[] out = new Encoded[records.size()];
        if (pool == null || records.size() < PARALLEL_THRESHOLD) {
            encode(records, out, 0, records.size());
            return out;
        }
        int slice = (records.size() + threads - 1) / threads;
        List<Future<?>> others = new ArrayList<>(threads - 1);
        for (int from = slice; from < records.size(); from += slice) {
            int start = from;
            int end = Math.min(records.size(), from + slice);
            others.add(pool.submit(() -> encode(records, out, start, end)));
        }
        encode(records, out, 0, Math.min(slice, records.size()));
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while encoding records", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("encoding records failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    private static void encode(List<ConsumerRecord<byte[], byte[]>> records, Encoded[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = encode(records.get(i));
        }
    }

    /** Parses, validates and, if valid, makes the batch line of one record. */
    public static Encoded encode(ConsumerRecord<byte[], byte[]> record) {
        byte[] raw = record.value();
        Quote quote;
        try {
            quote = QuoteJson.read(raw);
        } catch (InvalidQuoteException e) {
            return new Encoded(null, e);
        }
        KafkaCoordinates at = new KafkaCoordinates(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()));
        return new Encoded(line(raw, quote, at), null);
    }

    /**
     * {@code raw} (valid UTF-8 JSON) with {@code ,"kafka":{...}} before its closing brace, or the quote re-written
     * when that is not safe. Works on the bytes: ASCII bytes never occur inside a multi-byte UTF-8 character.
     */
    static byte[] line(byte[] raw, Quote quote, KafkaCoordinates at) {
        int close = spliceAt(raw);
        if (close < 0) {
            return QuoteJson.writeLine(quote, at).getBytes(StandardCharsets.UTF_8);
        }
        byte[] suffix = (",\"kafka\":{\"topic\":\"" + at.topic() + "\",\"partition\":" + at.partition() + ",\"offset\":"
                + at.offset() + ",\"timestamp\":\"" + format(at.timestamp()) + "\"}}").getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[close + suffix.length];
        System.arraycopy(raw, 0, line, 0, close);
        System.arraycopy(suffix, 0, line, close, suffix.length);
        return line;
    }

    /**
     * Where the {@code kafka} field can go: the index of the value's closing brace; or -1 when the value spans lines,
     * has a {@code "kafka"} name anywhere or a {@code \\u} escape (which could spell one), or is not plain UTF-8 (a
     * NUL byte or a byte-order mark, which QuoteJson rejects before this). {@code raw} is one valid
     * JSON object, so its last brace closes it and only blanks follow. One pass over the bytes: this runs for every
     * record.
     */
    static int spliceAt(byte[] raw) {
        if (raw.length > 0 && (raw[0] & 0xFF) >= 0xEF) {
            return -1; // a byte-order mark: QuoteJson rejects it; never copy it into a line
        }
        int close = -1;
        for (int i = 0; i < raw.length; i++) {
            switch (raw[i]) {
                case '\n', '\r', 0 -> {
                    return -1;
                }
                case '\\' -> {
                    if (i + 1 < raw.length && raw[i + 1] == 'u') {
                        return -1;
                    }
                }
                case '"' -> {
                    if (startsWith(raw, i, KAFKA_NAME)) {
                        return -1;
                    }
                }
                case '}' -> close = i;
                default -> {
                    // any other byte is copied as it is
                }
            }
        }
        return close > 0 ? close : -1;
    }

    private static final byte[] KAFKA_NAME = "\"kafka\"".getBytes(StandardCharsets.US_ASCII);

    private static boolean startsWith(byte[] bytes, int at, byte[] part) {
        if (at + part.length > bytes.length) {
            return false;
        }
        for (int j = 0; j < part.length; j++) {
            if (bytes[at + j] != part[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link Times#format}, written out by hand for years 1000 to 9999: the formatter costs more per record than
     * everything else here but the parsing.
     */
    static String format(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        if (d.getYear() < 1000 || d.getYear() > 9999) {
            return Times.format(t);
        }
        char[] c = "0000-00-00T00:00:00.000Z".toCharArray();
        digits(c, 0, d.getYear(), 4);
        digits(c, 5, d.getMonthValue(), 2);
        digits(c, 8, d.getDayOfMonth(), 2);
        digits(c, 11, d.getHour(), 2);
        digits(c, 14, d.getMinute(), 2);
        digits(c, 17, d.getSecond(), 2);
        digits(c, 20, d.getNano() / 1_000_000, 3);
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    @Override
    public void close() {
        // shutdown, not shutdownNow: a task already queued still runs, so that nothing waits forever on its result
        if (pool != null) {
            pool.shutdown();
        }
        if (compressionPool != null) {
            compressionPool.shutdown();
        }
    }
}
