package io.quotepipe.loader;

import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.S3BatchKey;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.loader.internal.HistoryWriter;
import io.quotepipe.loader.internal.LineReader;
import io.quotepipe.loader.internal.ParallelWrites;
import io.quotepipe.loader.internal.Quarantine;
import io.quotepipe.loader.internal.ResumingObjectStream;
import io.quotepipe.loader.internal.RollupWriter;
import io.quotepipe.loader.rollup.Rollups;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Loads one batch object into DynamoDB. It streams the object line by line (gzip or plain), so memory stays bounded
 * whatever its size:
 * <ul>
 * <li>each valid quote becomes a history item, with a put conditioned on its version so that of two contents of
 * one key the winning one stays ({@link HistoryWriter}), {@code write-concurrency} requests at once;</li>
 * <li>the coins, hours and days the quotes touch are collected ({@link Rollups}); then each hourly candle is
 * recomputed from its history, each daily candle from its hourly ones, and the latest snapshot replaced if this
 * object holds a newer quote, with one conditional write each ({@link RollupWriter});</li>
 * <li>each line that is not a valid quote goes to {@code quarantine/<key>.errors.jsonl} with its number and reason,
 * and the object raises one alert with the counts; the good lines load all the same.</li>
 * </ul>
 * Every write is keyed by the data and conditional on a rule that a replay cannot change (history and latest by
 * version, candles recomputed from the sources): loading an object twice leaves the table as once. Thread-safe.
 */
public final class ObjectLoader {

    private static final Logger LOG = Logger.getLogger(ObjectLoader.class);
    static final String COMPONENT = "loader";
    /**
     * Longest line read; the rest of a longer line is skipped and the line quarantined. A quote line is under 1 KiB;
     * this leaves room for fields added by later schema versions.
     */
    static final int MAX_LINE_CHARS = 1024 * 1024;

    private final S3Client s3;
    private final HistoryWriter history;
    private final RollupWriter rollups;
    private final Executor executor;
    private final Alerts alerts;
    private final int writeConcurrency;
    private final int maxPendingRollups;

    public ObjectLoader(S3Client s3, HistoryWriter history, RollupWriter rollups, Executor executor, Alerts alerts,
            int writeConcurrency, int maxPendingRollups) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.history = Objects.requireNonNull(history, "history");
        this.rollups = Objects.requireNonNull(rollups, "rollups");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.writeConcurrency = writeConcurrency;
        this.maxPendingRollups = maxPendingRollups;
    }

    /**
     * Loads {@code key}; empty when it is not a batch object or no longer exists (both logged).
     *
     * @throws LoadFailedException when a retry may succeed (the invocation should fail)
     */
    public Optional<LoadSummary> load(String bucket, String key, Deadline deadline) {
        if (!key.startsWith(S3BatchKey.PREFIX)) {
            LOG.infof("ignored s3://%s/%s: not a batch object (only keys under %s are loaded)", bucket, key, S3BatchKey.PREFIX);
            return Optional.empty();
        }
        long start = System.nanoTime();
        Progress progress = new Progress();
        try {
            return Optional.of(read(bucket, key, deadline, progress, start));
        } catch (NoSuchKeyException e) {
            // Deleted since the notification was sent (a lifecycle rule, a manual clean-up): a retry cannot help.
            alerts.raise(COMPONENT, "object-missing", "s3://" + bucket + "/" + key + " no longer exists, so it was not"
                    + " loaded; if it should have been, restore it and invoke the loader again", Map.of("bucket", bucket, "key", key));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            String message = "loading s3://" + bucket + "/" + key + " failed at line " + progress.lines + " (" + e.getMessage()
                    + "); the invocation fails and Lambda retries it, which is safe: every write is idempotent";
            alerts.raise(COMPONENT, "load-failed", message, Map.of("bucket", bucket, "key", key, "line", Long.toString(progress.lines)));
            throw new LoadFailedException(message, e);
        }
    }

    private LoadSummary read(String bucket, String key, Deadline deadline, Progress progress, long start) throws IOException {
        Rollups pending = new Rollups(maxPendingRollups);
        try (ResumingObjectStream object = ResumingObjectStream.open(s3, bucket, key);
             LineReader lines = new LineReader(new InputStreamReader(decoded(object, key), StandardCharsets.UTF_8), MAX_LINE_CHARS);
             Quarantine quarantine = new Quarantine(bucket, key);
             ParallelWrites writes = new ParallelWrites(executor, writeConcurrency)) {
            List<Quote> batch = new ArrayList<>(HistoryWriter.MAX_BATCH);
            for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
                progress.lines++;
                Quote quote = parse(line, progress.lines, quarantine);
                if (quote == null) {
                    continue;
                }
                batch.add(quote);
                pending.add(quote);
                if (batch.size() == HistoryWriter.MAX_BATCH) {
                    writeHistory(batch, key, deadline, writes, progress);
                    batch = new ArrayList<>(HistoryWriter.MAX_BATCH);
                }
                if (pending.isFull()) {
                    writeHistory(batch, key, deadline, writes, progress);
                    batch = new ArrayList<>(HistoryWriter.MAX_BATCH);
                    writeRollups(pending.drain(), key, deadline, writes, progress);
                }
            }
            writeHistory(batch, key, deadline, writes, progress);
            writeRollups(pending.drain(), key, deadline, writes, progress);
            writes.awaitAll();
            quarantine.upload(s3);
            LoadSummary summary = new LoadSummary(bucket, key, progress.lines, progress.items.get(), quarantine.count(),
                    progress.candles.get(), progress.latest.get(), (System.nanoTime() - start) / 1_000_000);
            LOG.info(summary);
            if (quarantine.count() > 0) {
                alerts.raise(COMPONENT, "lines-quarantined", quarantine.count() + " of " + progress.lines + " lines of s3://"
                                + bucket + "/" + key + " are not valid quotes and were put aside in s3://" + bucket + "/"
                                + quarantine.target() + " with their reasons; the other lines were loaded",
                        Map.of("bucket", bucket, "key", key, "line", Long.toString(quarantine.firstLine()),
                                "quarantined", Integer.toString(quarantine.count()), "lines", Long.toString(progress.lines),
                                "quarantineKey", quarantine.target()));
            }
            return summary;
        }
    }

    /** The quote of a line, or null for a blank line or one put aside. */
    private static Quote parse(LineReader.Line line, long number, Quarantine quarantine) {
        if (line.truncated()) {
            quarantine.add(number, "not a quote: the line is longer than " + MAX_LINE_CHARS + " characters", line.text());
            return null;
        }
        if (line.text().isBlank()) {
            return null;
        }
        try {
            return QuoteJson.readLine(line.text()).quote();
        } catch (InvalidQuoteException e) {
            quarantine.add(number, e.getMessage(), line.text());
            return null;
        }
    }

    private void writeHistory(List<Quote> batch, String key, Deadline deadline, ParallelWrites writes, Progress progress) {
        if (!batch.isEmpty()) {
            writes.submit(() -> progress.items.addAndGet(history.write(batch, key, deadline)));
        }
    }

    /**
     * Candles are recomputed from their sources, so each waits for them: the history of every quote read so far
     * before the hourly candles, the hourly candles before the daily ones ({@link RollupWriter}).
     */
    private void writeRollups(Rollups.Drained drained, String key, Deadline deadline, ParallelWrites writes, Progress progress) {
        writes.awaitAll();
        writeCandles(drained, Interval.HOUR, key, deadline, writes, progress);
        writes.awaitAll();
        writeCandles(drained, Interval.DAY, key, deadline, writes, progress);
        drained.latest().values().forEach(quote -> writes.submit(() -> {
            if (rollups.writeLatest(quote, key, deadline)) {
                progress.latest.incrementAndGet();
            }
        }));
    }

    private void writeCandles(Rollups.Drained drained, Interval interval, String key, Deadline deadline, ParallelWrites writes,
            Progress progress) {
        drained.candles().forEach((candleKey, candle) -> {
            if (candleKey.interval() == interval) {
                writes.submit(() -> {
                    if (rollups.writeCandle(candleKey, candle, key, deadline)) {
                        progress.candles.incrementAndGet();
                    }
                });
            }
        });
    }

    /** Gzip by {@code Content-Encoding} or by the {@code .gz} extension, as the consumer writes them. */
    private static InputStream decoded(ResumingObjectStream object, String key) throws IOException {
        String encoding = object.response().contentEncoding();
        boolean gzip = encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip") || key.endsWith(".gz");
        return gzip ? new GZIPInputStream(object, 64 * 1024) : object;
    }

    /** Counters of one object; the write threads add to them. */
    private static final class Progress {
        long lines; // reader thread only
        final AtomicLong items = new AtomicLong();
        final AtomicLong candles = new AtomicLong();
        final AtomicLong latest = new AtomicLong();
    }
}
