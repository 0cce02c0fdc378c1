package io.quotepipe.loader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quotepipe.core.S3BatchKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Puts the rejected lines of an object aside in {@code quarantine/<key>.errors.jsonl}, one JSON line
 * each: {@code {"line":n,"reason":"...","input":"<the line, cut at 1 KiB>"}}. The name comes from
 * the object, so a replay rewrites the same quarantine object.
 */
@ApplicationScoped
public class Quarantine {

    private static final Logger LOG = Logger.getLogger(Quarantine.class);
    static final int MAX_INPUT_CHARS = 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private final S3Client s3;

    @Inject
    public Quarantine(S3Client s3) {
        this.s3 = s3;
    }

    /** A rejected line. */
    public record Entry(int line, String reason, String input) {
    }

    void put(String bucket, String key, List<Entry> entries) {
        StringWriter body = new StringWriter();
        for (Entry e : entries) {
            try (JsonGenerator g = JSON.createGenerator(body)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeNumberField("line", e.line());
                g.writeStringField("reason", e.reason());
                g.writeStringField("input", e.input().length() > MAX_INPUT_CHARS ? e.input().substring(0, MAX_INPUT_CHARS) : e.input());
                g.writeEndObject();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            body.write('\n');
        }
        String target = S3BatchKey.quarantineKey(key);
        s3.putObject(b -> b.bucket(bucket).key(target).contentType("application/x-ndjson"), RequestBody.fromString(body.toString()));
        LOG.warnf("quarantined %d lines of s3://%s/%s into s3://%s/%s", entries.size(), bucket, key, bucket, target);
    }
}
