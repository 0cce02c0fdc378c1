package io.quotepipe.poller;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quotepipe.core.Times;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Records each poll's outcome in the lake as {@code status/poller.json} (docs/design.md, "Pipeline records"): the
 * dashboard's pipeline panel shows the last poll, the provider that answered and the providers it failed over from,
 * which no other stage knows (a quote carries its source, not the providers that failed before it). One fixed key,
 * overwritten by every poll: one PutObject per poll, and nothing to clean up.
 *
 * <p>The record is for the panel: a failure to write it is logged and never fails the poll, whose quotes are in Kafka.
 */
public final class PollRecorder {

    /** The object every poll overwrites. */
    public static final String KEY = "status/poller.json";
    private static final Logger LOG = Logger.getLogger(PollRecorder.class);
    private static final JsonFactory JSON = new JsonFactory();

    /** A provider the poll failed over from, and why in one line (API keys already redacted). */
    public record Failover(String provider, String reason) {
    }

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;

    public PollRecorder(S3Client s3, String bucket, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private PollRecorder() {
        this.s3 = null;
        this.bucket = null;
        this.clock = null;
    }

    /** A recorder that records nothing: no {@code quotepipe.s3.bucket}. */
    public static PollRecorder none() {
        return new PollRecorder();
    }

    /**
     * Writes the poll's record.
     *
     * @param outcome   {@code published}, or {@code failed} (every provider failed, or Kafka did not acknowledge)
     * @param provider  the provider whose quotes were published, or null when none
     * @param failovers the providers that failed before it (all of them when the poll failed)
     */
    public void record(String pollId, String outcome, String provider, int quotes, int skipped, List<Failover> failovers) {
        if (s3 == null) {
            return;
        }
        String json = json(pollId, outcome, provider, quotes, skipped, failovers);
        try {
            s3.putObject(p -> p.bucket(bucket).key(KEY).contentType("application/json"), RequestBody.fromString(json));
        } catch (SdkException e) {
            LOG.warnf("poll %s: could not record it at s3://%s/%s for the pipeline panel (%s); the poll itself is done. "
                    + "Check the poller's s3:PutObject right on %s", pollId, bucket, KEY, e.getMessage(), KEY);
        }
    }

    private String json(String pollId, String outcome, String provider, int quotes, int skipped, List<Failover> failovers) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("pollId", pollId);
            g.writeStringField("outcome", outcome);
            if (provider != null) {
                g.writeStringField("provider", provider);
            }
            g.writeNumberField("quotes", quotes);
            g.writeNumberField("skipped", skipped);
            g.writeStringField("polledAt", Times.format(clock.instant()));
            g.writeArrayFieldStart("failovers");
            for (Failover f : failovers) {
                g.writeStartObject();
                g.writeStringField("provider", f.provider());
                g.writeStringField("reason", f.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the record of poll " + pollId, e);
        }
        return out.toString();
    }
}
