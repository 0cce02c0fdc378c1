package io.quotepipe.loader.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quotepipe.core.S3BatchKey;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The rejected lines of one object, put aside in {@code quarantine/<key>.errors.jsonl} (docs/design.md), one JSON line
 * each: {@code {"line":n,"reason":"...","input":"<the line, cut at 1 KiB>"}}. The name comes from the object's key,
 * so a replay rewrites the same quarantine object with the same content, and a load of an object with no bad line
 * removes the quarantine object an earlier content of it left.
 *
 * <p>Entries are spooled to a temporary file (created at the first entry), not kept in memory: an object whose
 * every line is bad must not exhaust the heap either. Not thread-safe: one per object being read.
 */
public final class Quarantine implements AutoCloseable {

    /** Bytes of a rejected line kept in its entry (UTF-8, never cutting a character in two). */
    public static final int MAX_INPUT_BYTES = 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private final String bucket;
    private final String key;
    private Path spool;
    private BufferedWriter out;
    private int count;
    private long firstLine;

    public Quarantine(String bucket, String key) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * Puts one line aside.
     *
     * @param line   1-based line number in the object
     * @param reason why it was rejected
     * @param input  the line as read
     */
    public void add(long line, String reason, String input) {
        try {
            if (out == null) {
                spool = Files.createTempFile("quarantine-", ".jsonl");
                out = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
                firstLine = line;
            }
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeNumberField("line", line);
                g.writeStringField("reason", reason);
                g.writeStringField("input", cut(input, MAX_INPUT_BYTES));
                g.writeEndObject();
            }
            out.write('\n');
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool quarantined line " + line + " of s3://" + bucket + "/" + key
                    + " to a temporary file " + spool + "; is the function's /tmp full?", e);
        }
    }

    /** How many lines were put aside. */
    public int count() {
        return count;
    }

    /** Number of the first line put aside, 0 when none was. */
    public long firstLine() {
        return firstLine;
    }

    /** {@code quarantine/<key>.errors.jsonl}. */
    public String target() {
        return S3BatchKey.quarantineKey(key);
    }

    /**
     * Makes the quarantine object describe the object's current content: writes it when lines were put aside, and
     * removes an earlier one when none were (the object was rewritten without its bad lines). S3 charges nothing for
     * a DELETE, and deleting a key that does not exist succeeds, so a clean object costs one free request.
     */
    public void upload(S3Client s3) {
        if (count == 0) {
            s3.deleteObject(b -> b.bucket(bucket).key(target()));
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the quarantine spool " + spool + " of s3://" + bucket + "/" + key, e);
        }
        s3.putObject(b -> b.bucket(bucket).key(target()).contentType("application/x-ndjson"), RequestBody.fromFile(spool));
    }

    /** Removes the spool file. */
    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the quarantine spool " + spool, e);
        }
    }

    /** {@code text} cut to at most {@code maxBytes} of UTF-8, at a character boundary. */
    static String cut(String text, int maxBytes) {
        if (text.length() * 3 <= maxBytes) {
            return text; // fits whatever its characters
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                return text.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text;
    }
}
