package io.quotepipe.consumer.internal;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Puts a batch object into S3: one PutObject, bounded by {@code quotepipe.s3.put-timeout} (the SDK's own
 * retries included). Retrying after that is the poll loop's job, so that it keeps polling, and so stays in
 * its consumer group, while S3 is down.
 *
 * <p>{@code Content-Type: application/x-ndjson} (JSON Lines), {@code Content-Encoding: gzip} for {@code .gz}
 * objects, and the batch's record count and offsets as user metadata ({@code x-amz-meta-*}), so that an
 * object can be traced to its records without reading it.
 */
public final class S3BatchStore implements BatchStore {

    static final String CONTENT_TYPE = "application/x-ndjson";

    private final S3Client s3;
    private final String bucket;
    private final Duration putTimeout;

    public S3BatchStore(S3Client s3, String bucket, Duration putTimeout) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.putTimeout = Objects.requireNonNull(putTimeout, "putTimeout");
    }

    @Override
    public void put(PartitionBatch batch) {
        byte[] body = batch.finish();
        PutObjectRequest put = PutObjectRequest.builder()
                .bucket(bucket)
                .key(batch.key().key())
                .contentType(CONTENT_TYPE)
                .contentEncoding(batch.key().gzip() ? "gzip" : null)
                .contentLength((long) body.length)
                .metadata(metadata(batch))
                .overrideConfiguration(c -> c.apiCallTimeout(putTimeout))
                .build();
        s3.putObject(put, RequestBody.fromBytes(body));
    }

    /** User metadata of a batch object. */
    static Map<String, String> metadata(PartitionBatch batch) {
        return Map.of(
                "record-count", Integer.toString(batch.lines()),
                "first-offset", Long.toString(batch.firstOffset()),
                "last-offset", Long.toString(batch.lastLineOffset()),
                "uncompressed-bytes", Long.toString(batch.uncompressedBytes()));
    }

    @Override
    public String describe(PartitionBatch batch) {
        return "s3://" + bucket + "/" + batch.key().key();
    }

    public String bucket() {
        return bucket;
    }
}
