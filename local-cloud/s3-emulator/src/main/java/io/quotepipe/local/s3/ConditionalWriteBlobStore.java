package io.quotepipe.local.s3;

import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Makes conditional PutObject atomic, as on Amazon S3
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html):
 * {@code If-None-Match: *} creates only an absent key (else 412 PreconditionFailed), {@code If-Match: <etag>} replaces
 * only the object with that ETag (412 when it differs, 404 NoSuchKey when there is none), and a conditional put that
 * meets another put of the same key still in flight gets 409 ConditionalRequestConflict (the client retries).
 *
 * <p>s3proxy 4.1.0 answers the conditions one request at a time, but checks and writes without a lock: two creates
 * of one key sent together both succeeded, the second replacing the first (seen in {@code ConditionalWritesIT}). Here
 * the check and the write happen under one lock per key, held while the body streams in; that lock is the "in flight"
 * of the 409. s3proxy's HTTP layer turns an {@link S3Exception} thrown here into the error response it names.
 * Unconditional puts of the key wait for the lock, so a condition never sees a half-replaced object.
 */
final class ConditionalWriteBlobStore extends ForwardingBlobStore {

    private final ConcurrentHashMap<String, ReentrantLock> writing = new ConcurrentHashMap<>();

    ConditionalWriteBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
        String name = request.bucket() + "/" + request.key();
        boolean conditional = request.ifNoneMatch() != null || request.ifMatch() != null;
        ReentrantLock lock = writing.computeIfAbsent(name, k -> new ReentrantLock());
        if (conditional) {
            if (!lock.tryLock()) {
                throw conflict(request);
            }
        } else {
            lock.lock();
        }
        try {
            if (conditional) {
                check(request);
            }
            return super.putBlob(request, payload);
        } finally {
            lock.unlock();
        }
    }

    private void check(PutObjectRequest request) {
        HeadObjectResponse current = delegate().blobMetadataIfPresent(request.bucket(), request.key());
        if (request.ifNoneMatch() != null) {
            if (!"*".equals(request.ifNoneMatch().trim())) {
                throw new S3ProxyException(S3ErrorCode.INVALID_ARGUMENT, "If-None-Match only takes '*' on PutObject");
            }
            if (current != null) {
                throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
            }
        }
        if (request.ifMatch() != null) {
            if (current == null) {
                throw new S3ProxyException(S3ErrorCode.NO_SUCH_KEY);
            }
            if (!"*".equals(request.ifMatch().trim()) && !unquoted(request.ifMatch()).equals(unquoted(current.eTag()))) {
                throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
            }
        }
    }

    private static String unquoted(String etag) {
        return Objects.requireNonNullElse(etag, "").trim().replace("\"", "");
    }

    private static S3Exception conflict(PutObjectRequest request) {
        return (S3Exception) S3Exception.builder()
                .statusCode(409)
                .message("A conflicting operation occurred on " + request.key() + "; retry the request")
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ConditionalRequestConflict")
                        .errorMessage("A conflicting conditional operation is currently in progress against this "
                                + "resource. Please try again.")
                        .build())
                .build();
    }
}
