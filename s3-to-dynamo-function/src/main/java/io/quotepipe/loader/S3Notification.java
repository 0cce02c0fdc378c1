package io.quotepipe.loader;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * An S3 Event Notification as Lambda receives it
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html). Only
 * what the loader uses is mapped. Our own records rather than aws-lambda-java-events' S3Event, whose
 * {@code eventTime} needs Joda-Time.
 *
 * @param records one per object; a notification may carry several
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record S3Notification(@JsonProperty("Records") List<Record> records) {

    /** @param eventName e.g. {@code ObjectCreated:Put} */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Record(String eventName, S3 s3) {
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
