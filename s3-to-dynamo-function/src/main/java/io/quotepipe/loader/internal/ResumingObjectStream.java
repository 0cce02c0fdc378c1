package io.quotepipe.loader.internal;

import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The bytes of an S3 object, read as one stream even when the connection breaks on the way. The loader reads at
 * the pace of DynamoDB, so a large object stays open for minutes, and S3 (like any HTTP server) may close a
 * connection that long ("Premature EOF", "Connection reset"). Then the read goes on from the byte reached with a
 * ranged GET, {@code If-Match} the first response's ETag so that a replaced object is never spliced onto the old one
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html). Not thread-safe.
 */
public final class ResumingObjectStream extends InputStream {

    private static final Logger LOG = Logger.getLogger(ResumingObjectStream.class);
    /** Broken connections tolerated per object; each costs one GET. */
    static final int MAX_RESUMES = 10;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final GetObjectResponse first;
    private ResponseInputStream<GetObjectResponse> current;
    private long position;
    private int resumes;
    private boolean ended;

    private ResumingObjectStream(S3Client s3, String bucket, String key, ResponseInputStream<GetObjectResponse> first) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.first = first.response();
        this.current = first;
    }

    /**
     * Opens the object.
     *
     * @throws software.amazon.awssdk.services.s3.model.NoSuchKeyException when it does not exist
     */
    public static ResumingObjectStream open(S3Client s3, String bucket, String key) {
        Objects.requireNonNull(s3, "s3");
        return new ResumingObjectStream(s3, bucket, key, s3.getObject(b -> b.bucket(bucket).key(key)));
    }

    /** The response to the first GET: content encoding, length, ETag. */
    public GetObjectResponse response() {
        return first;
    }

    /** How often the connection broke and the read went on. */
    public int resumes() {
        return resumes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            try {
                int n = current.read(b, off, len);
                if (n > 0) {
                    position += n;
                } else if (n < 0) {
                    ended = true;
                }
                return n;
            } catch (IOException e) {
                resume(e);
            }
        }
    }

    private void resume(IOException cause) throws IOException {
        if (resumes == MAX_RESUMES || first.contentLength() != null && position >= first.contentLength()) {
            throw cause;
        }
        resumes++;
        LOG.warnf("reading s3://%s/%s broke at byte %d (%s); going on from there (resume %d of at most %d)",
                bucket, key, position, cause.getMessage(), resumes, MAX_RESUMES);
        current.abort();
        try {
            current = s3.getObject(g -> g.bucket(bucket).key(key).range("bytes=" + position + "-").ifMatch(first.eTag()));
        } catch (RuntimeException e) {
            IOException failure = new IOException("cannot go on reading s3://" + bucket + "/" + key + " at byte " + position
                    + " (was it replaced meanwhile?): " + e.getMessage(), e);
            failure.addSuppressed(cause);
            throw failure;
        }
    }

    /**
     * Closes the connection; one not read to its end is aborted rather than drained, so that a load that fails half
     * way does not download the rest of a large object first.
     */
    @Override
    public void close() throws IOException {
        if (!ended) {
            current.abort();
        }
        current.close();
    }
}
