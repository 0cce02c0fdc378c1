package io.quotepipe.consumer.internal;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Puts a batch object into S3: one create-only PutObject ({@code If-None-Match: *}), bounded by
 * {@code quotepipe.s3.put-timeout} (the SDK's own retries included). When the key exists (412 PreconditionFailed) it
 * reads the existing object's offsets from its metadata (HeadObject) and reports them instead: the caller adopts that
 * object (see the consumer README, "Fencing"). Retrying after that is the poll loop's job, so that it keeps polling, and so stays in
 * its consumer group, while S3 is down.
 *
 * <p>{@code Content-Type: application/x-ndjson} (JSON Lines), {@code Content-Encoding: gzip} for {@code .gz}
 * objects, and the batch's record count and offsets ({@code first-offset}, {@code last-offset} of the lines,
 * {@code end-offset} one past the last record covered, dead letters included) as user metadata ({@code x-amz-meta-*}), so that an
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
    public Stored put(PartitionBatch batch) {
        byte[] body = batch.finish();
        String key = batch.key().key();
        PutObjectRequest put = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                // Create-only: an object under this name is never replaced, whoever wrote it (the fencing).
                .ifNoneMatch("*")
                .contentType(CONTENT_TYPE)
                .contentEncoding(batch.key().gzip() ? "gzip" : null)
                .contentLength((long) body.length)
                .metadata(metadata(batch))
                .overrideConfiguration(c -> c.apiCallTimeout(putTimeout))
                .build();
        try {
            s3.putObject(put, RequestBody.fromBytes(body));
            return new Stored(true, batch.firstOffset(), batch.endOffset());
        } catch (S3Exception e) {
            if (e.statusCode() != 412) {
                throw e; // 409 ConditionalRequestConflict (a create of this key in flight) included: retried
            }
        }
        return existing(key);
    }

    /** The offsets of the object already under {@code key}, from its metadata. */
    private Stored existing(String key) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(h -> h.bucket(bucket).key(key).overrideConfiguration(c -> c.apiCallTimeout(putTimeout)));
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw new IllegalStateException("s3://" + bucket + "/" + key + " already exists and its offsets cannot "
                        + "be read: HeadObject was refused (403). The consumer's role needs s3:GetObject on quotes/* "
                        + "besides s3:PutObject; the partition waits until it has it", e);
            }
            throw e;
        }
        Map<String, String> metadata = head.metadata();
        try {
            long first = Long.parseLong(metadata.get("first-offset"));
            String end = metadata.get("end-offset");
            // Objects written before end-offset existed end with their last line.
            long endOffset = end != null ? Long.parseLong(end) : Long.parseLong(metadata.get("last-offset")) + 1;
            return new Stored(false, first, endOffset);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " exists but has no offset metadata "
                    + "(x-amz-meta-first-offset, end-offset or last-offset: " + metadata + "), so the consumer cannot "
                    + "tell which offsets it holds; it was not written by the consumer. Move it out of quotes/, then "
                    + "the partition resumes", e);
        }
    }

    /** User metadata of a batch object. */
    static Map<String, String> metadata(PartitionBatch batch) {
        return Map.of(
                "record-count", Integer.toString(batch.lines()),
                "first-offset", Long.toString(batch.firstOffset()),
                "last-offset", Long.toString(batch.lastLineOffset()),
                "end-offset", Long.toString(batch.endOffset()),
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
