package io.quotepipe.consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Puts a batch object into S3, retrying until it is there. While it retries, the calling thread is
 * blocked and so the Kafka connector stops fetching: nothing piles up, nothing is committed.
 */
@ApplicationScoped
public class S3BatchWriter {

    private static final Logger LOG = Logger.getLogger(S3BatchWriter.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final S3Client s3;
    private final String bucket;

    @Inject
    public S3BatchWriter(S3Client s3, ConsumerConfig config) {
        this.s3 = s3;
        this.bucket = config.s3().bucket();
    }

    void write(PartitionBatch batch) {
        String key = batch.key().key();
        byte[] body = batch.finish();
        PutObjectRequest put = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType("application/x-ndjson")
                .contentEncoding(batch.key().gzip() ? "gzip" : null)
                .metadata(Map.of(
                        "record-count", Integer.toString(batch.lines()),
                        "first-offset", Long.toString(batch.firstOffset()),
                        "last-offset", Long.toString(batch.lastOffset())))
                .build();
        long backoffMs = FIRST_BACKOFF.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(put, RequestBody.fromBytes(body));
                LOG.infof("batch → s3://%s/%s, %d lines, offsets %d..%d, %d bytes (%d uncompressed)", bucket, key,
                        batch.lines(), batch.firstOffset(), batch.lastOffset(), body.length, batch.uncompressedBytes());
                return;
            } catch (SdkException e) {
                LOG.warnf("writing s3://%s/%s failed (attempt %d), retrying in %d ms: %s", bucket, key, attempt, backoffMs,
                        e.getMessage());
                sleep(ThreadLocalRandom.current().nextLong(backoffMs / 2, backoffMs + 1));
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // backoff between retries of a failed S3 write, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying an S3 write", e);
        }
    }
}
