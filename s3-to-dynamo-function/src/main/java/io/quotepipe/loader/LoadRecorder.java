package io.quotepipe.loader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quotepipe.core.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Records each finished load in the lake as {@code status/loader.json} (docs/design.md, "Pipeline records"), for the
 * dashboard's pipeline panel: which object was loaded last, and when.
 *
 * <p>Why an S3 object and not a {@code loadedAt} attribute on the items: the attribute costs no request but puts a
 * wall-clock time into items that are otherwise a function of their input (a replayed load would rewrite every
 * history item with new content, and the lake-equals-table checks could no longer compare them); one PutObject per
 * load ($0.005 per 1,000: under 0.2 cent a day at one batch per partition per 5-minute poll) does not. Concurrent
 * loads overwrite each other: the object says which load finished last. Outside {@code quotes/}, so the S3
 * notification (filtered on that prefix) never invokes the loader for it.
 *
 * <p>A failure to record is logged and never fails the load, whose items are written.
 */
@ApplicationScoped
public class LoadRecorder {

    /** The object every load overwrites. */
    public static final String KEY = "status/loader.json";
    private static final Logger LOG = Logger.getLogger(LoadRecorder.class);
    private static final JsonFactory JSON = new JsonFactory();
    /** A record for the panel: it must not take a load's time when S3 hangs. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final S3Client s3;
    private final Clock clock;

    @Inject
    public LoadRecorder(S3Client s3, Clock clock) {
        this.s3 = s3;
        this.clock = clock;
    }

    /** Writes {@code status/loader.json} of {@code load}'s bucket. */
    public void loaded(LoadSummary load) {
        String json = json(load);
        try {
            s3.putObject(p -> p.bucket(load.bucket()).key(KEY).contentType("application/json")
                    .overrideConfiguration(c -> c.apiCallTimeout(TIMEOUT)), RequestBody.fromString(json));
        } catch (SdkException e) {
            LOG.warnf("could not record the load of s3://%s/%s at %s for the pipeline panel (%s); the load itself is done. "
                    + "Check the loader's s3:PutObject right on %s", load.bucket(), load.key(), KEY, e.getMessage(), KEY);
        }
    }

    private String json(LoadSummary load) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("key", load.key());
            g.writeStringField("loadedAt", Times.format(clock.instant()));
            g.writeNumberField("lines", load.lines());
            g.writeNumberField("items", load.items());
            g.writeNumberField("quarantined", load.quarantined());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the record of the load of " + load.key(), e);
        }
        return out.toString();
    }
}
