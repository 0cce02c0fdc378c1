package io.quotepipe.loader;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An S3 object written as a stream: bytes fill one part buffer at a time, each full part is uploaded
 * (UploadPart) and the buffer reused, so an object of any size costs one part of memory. Closing completes the
 * multipart upload, which raises the ObjectCreated:CompleteMultipartUpload notification.
 */
final class MultipartUpload extends OutputStream {

    /** S3's smallest part but the last. */
    static final int PART_BYTES = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final byte[] part = new byte[PART_BYTES];
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long total;

    MultipartUpload(S3Client s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, part.length - filled);
            System.arraycopy(b, off, part, filled, n);
            filled += n;
            off += n;
            len -= n;
            total += n;
            if (filled == part.length) {
                uploadPart();
            }
        }
    }

    private void uploadPart() {
        int number = parts.size() + 1;
        byte[] body = Arrays.copyOf(part, filled);
        String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(body)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
        filled = 0;
    }

    /** Bytes written so far. */
    long size() {
        return total;
    }

    @Override
    public void close() {
        if (filled > 0 || parts.isEmpty()) {
            uploadPart();
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    }
}
