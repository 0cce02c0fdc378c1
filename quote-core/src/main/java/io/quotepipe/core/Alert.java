package io.quotepipe.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An operator alert, published to the SNS topic {@code quotepipe-alerts} (docs/design.md).
 *
 * <p>The subject stays under SNS's 100-character limit and email clients' preview; the body is JSON
 * so that a subscriber can route on {@code component} and {@code kind}. Callers put only
 * non-secret context in it: a provider name, topic/partition/offset, bucket/key/line.
 *
 * @param component the pipeline stage, e.g. {@code poller}
 * @param kind      a stable short name of the failure, e.g. {@code provider-failed}
 * @param message   what happened and what to do
 * @param context   where: provider, or topic/partition/offset, or bucket/key/line
 * @param time      when
 * @param folded    how many earlier alerts of this kind were held back by rate limiting and are summed up by this one
 */
public record Alert(String component, String kind, String message, Map<String, String> context, Instant time,
        int folded) {

    /** SNS allows 100 characters in a subject. */
    static final int MAX_SUBJECT = 99;
    private static final JsonFactory JSON = new JsonFactory();

    public Alert {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(time, "time");
        context = context == null ? Map.of() : new LinkedHashMap<>(context);
    }

    /** {@code [quotepipe] poller: provider-failed}, cut to fit SNS. */
    public String subject() {
        String subject = "[quotepipe] " + component + ": " + kind;
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 1) + "…";
    }

    /** This alert with {@code n} earlier ones folded in. */
    public Alert withFolded(int n) {
        return new Alert(component, kind, message, context, time, n);
    }

    /** The message body. */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("component", component);
            g.writeStringField("kind", kind);
            g.writeStringField("message", message);
            g.writeObjectFieldStart("context");
            for (Map.Entry<String, String> e : context.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("time", Times.format(time));
            if (folded > 0) {
                g.writeNumberField("folded", folded);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write alert " + kind, e);
        }
        return out.toString();
    }
}
