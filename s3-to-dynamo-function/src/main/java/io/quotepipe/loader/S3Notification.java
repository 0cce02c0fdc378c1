package io.quotepipe.loader;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An S3 Event Notification as Lambda receives it
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html). Only what the
 * loader uses is mapped. Our own records rather than aws-lambda-java-events' S3Event, whose {@code eventTime}
 * needs Joda-Time.
 *
 * @param records one per object; a notification may carry several
 * @param event   set instead of {@code records} on the {@code s3:TestEvent} that S3 sends when a notification is
 *                configured
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record S3Notification(@JsonProperty("Records") List<Record> records, @JsonProperty("Event") String event) {

    /** @param eventName e.g. {@code ObjectCreated:Put} */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Record(String eventName, S3 s3) {

        /**
         * The object key, decoded: S3 URL-encodes keys in notifications as HTML forms do, with {@code +} for a
         * space ({@code dt=2026-11-21/a b.jsonl} arrives as {@code dt%3D2026-11-21/a+b.jsonl}).
         */
        public String decodedKey() {
            return URLDecoder.decode(s3.object().key(), StandardCharsets.UTF_8);
        }

        public String bucket() {
            return s3.bucket().name();
        }

        /** {@code ObjectCreated:*}; other kinds (removals, restores) are not the loader's business. */
        public boolean isObjectCreated() {
            return eventName == null || eventName.startsWith("ObjectCreated:");
        }
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3(Bucket bucket, S3Object object) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bucket(String name) {
    }

    /** @param key URL-encoded as S3 sends it: a space arrives as {@code +} */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Object(String key, Long size) {
    }
}
