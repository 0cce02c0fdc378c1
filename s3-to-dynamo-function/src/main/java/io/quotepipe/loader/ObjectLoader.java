package io.quotepipe.loader;

import io.quotepipe.core.BatchLine;
import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.S3BatchKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Loads one batch object: streams its lines (so memory stays bounded whatever the object's size),
 * writes each valid quote as a history item and puts each invalid line aside in quarantine.
 */
@ApplicationScoped
public class ObjectLoader {

    private static final Logger LOG = Logger.getLogger(ObjectLoader.class);
    /** BatchWriteItem takes at most 25 items (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html). */
    static final int BATCH = 25;

    private final S3Client s3;
    private final HistoryWriter history;
    private final Quarantine quarantine;

    @Inject
    public ObjectLoader(S3Client s3, HistoryWriter history, Quarantine quarantine) {
        this.s3 = s3;
        this.history = history;
        this.quarantine = quarantine;
    }

    /** Loads {@code key}; empty when the key is not a batch object (it is logged and left alone). */
    public Optional<LoadSummary> load(String bucket, String key) {
        if (!key.startsWith(S3BatchKey.PREFIX)) {
            LOG.infof("ignored s3://%s/%s: not under %s", bucket, key, S3BatchKey.PREFIX);
            return Optional.empty();
        }
        long start = System.nanoTime();
        int lines = 0;
        int items = 0;
        List<BatchLine> pending = new ArrayList<>(BATCH);
        List<Quarantine.Entry> rejected = new ArrayList<>();
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(b -> b.bucket(bucket).key(key));
             BufferedReader reader = new BufferedReader(new InputStreamReader(decompressed(object, key), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    pending.add(QuoteJson.readLine(line));
                } catch (InvalidQuoteException e) {
                    rejected.add(new Quarantine.Entry(lines, e.getMessage(), line));
                    continue;
                }
                if (pending.size() == BATCH) {
                    items += history.write(pending, key);
                    pending.clear();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + bucket + "/" + key + " failed at line " + (lines + 1)
                    + "; Lambda will retry the event", e);
        }
        items += history.write(pending, key);
        if (!rejected.isEmpty()) {
            quarantine.put(bucket, key, rejected);
        }
        LoadSummary summary = new LoadSummary(bucket, key, lines, items, rejected.size(), (System.nanoTime() - start) / 1_000_000);
        LOG.info(summary);
        return Optional.of(summary);
    }

    private static InputStream decompressed(ResponseInputStream<GetObjectResponse> object, String key) throws IOException {
        String encoding = object.response().contentEncoding();
        boolean gzip = "gzip".equalsIgnoreCase(encoding) || key.endsWith(".gz");
        return gzip ? new GZIPInputStream(object, 64 * 1024) : object;
    }
}
