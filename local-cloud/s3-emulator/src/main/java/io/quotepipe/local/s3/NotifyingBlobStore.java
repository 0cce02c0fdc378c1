package io.quotepipe.local.s3;

import java.io.InputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A blob store that raises an S3 {@code ObjectCreated} event after every object it completes, as S3 does for a
 * bucket whose notification configuration selects {@code s3:ObjectCreated:*}.
 *
 * <p>No S3 emulator implements event notifications, and the pipeline's loader is driven by them, so they are
 * raised here, under s3proxy's HTTP layer, where every write path ends: a single PUT ({@code ObjectCreated:Put}),
 * the completion of a multipart upload ({@code ObjectCreated:CompleteMultipartUpload}) and a server-side copy
 * ({@code ObjectCreated:Copy}). Parts and s3proxy's own bookkeeping objects raise nothing, as on S3.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {

    /** s3proxy keeps a hidden stub object per open multipart upload on some stores; it is not a user's object. */
    private static final String S3PROXY_MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";

    private final String region;
    private final Clock clock;
    private final Consumer<S3EventNotification> listener;
    private final AtomicLong lastSequencer = new AtomicLong();

    NotifyingBlobStore(BlobStore delegate, String region, Clock clock, Consumer<S3EventNotification> listener) {
        super(delegate);
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
        PutObjectResponse response = super.putBlob(request, payload);
        objectCreated("ObjectCreated:Put", request.bucket(), request.key());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        objectCreated("ObjectCreated:CompleteMultipartUpload", upload.containerName(), upload.blobName());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        objectCreated("ObjectCreated:Copy", request.destinationBucket(), request.destinationKey());
        return response;
    }

    /** Reads back what was stored, so that size and ETag are the object's, whatever the request declared. */
    private void objectCreated(String eventName, String bucket, String key) {
        if (key.startsWith(S3PROXY_MULTIPART_STUB_PREFIX)) {
            return;
        }
        HeadObjectResponse head = delegate().blobMetadata(HeadObjectRequest.builder().bucket(bucket).key(key).build());
        long size = head.contentLength() == null ? 0L : head.contentLength();
        String eTag = head.eTag() == null ? "" : head.eTag().replace("\"", "");
        listener.accept(new S3EventNotification(region, clock.instant(), eventName, bucket, key, size, eTag,
                nextSequencer()));
    }

    /** Strictly increasing, fixed width, so that comparing two sequencers as strings orders their events. */
    private String nextSequencer() {
        long micros = clock.millis() * 1000;
        long value = lastSequencer.updateAndGet(previous -> Math.max(previous + 1, micros));
        return String.format("%016X", value);
    }
}
