package io.quotepipe.local.s3;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One S3 event notification, in the JSON shape S3 sends to Lambda, SNS and SQS.
 *
 * <p>Shape: <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">
 * Event message structure</a> (version 2.1). The object key is URL-encoded as S3 does it
 * ({@code application/x-www-form-urlencoded}: a space becomes {@code +}, {@code =} becomes {@code %3D}, {@code /}
 * stays), so a consumer must decode it before it reads the object, exactly as against real S3.
 *
 * @param eventName  {@code ObjectCreated:Put}, {@code ObjectCreated:CompleteMultipartUpload} or {@code ObjectCreated:Copy}
 * @param sequencer  orders events on one key: a hexadecimal string of fixed width that grows with every event
 */
public record S3EventNotification(String region, Instant eventTime, String eventName, String bucket, String key,
                                  long size, String eTag, String sequencer) {

    /** Stands in for the AWS principal that made the request: the local cloud has only one. */
    static final String PRINCIPAL_ID = "AWS:QUOTEPIPELOCAL";
    /** The notification configuration id; the local cloud has one implicit configuration per bucket. */
    static final String CONFIGURATION_ID = "quotepipe-local-cloud";

    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public S3EventNotification {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eTag, "eTag");
        Objects.requireNonNull(sequencer, "sequencer");
    }

    /** The key as it appears in {@code s3.object.key}: form-URL-encoded, with {@code /} left as it is. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** The notification body: {@code {"Records":[ ... ]}} with this one record. */
    public String toJson() {
        return "{\"Records\":[{"
                + "\"eventVersion\":\"2.1\","
                + "\"eventSource\":\"aws:s3\","
                + "\"awsRegion\":" + quote(region) + ","
                + "\"eventTime\":" + quote(EVENT_TIME.format(eventTime)) + ","
                + "\"eventName\":" + quote(eventName) + ","
                + "\"userIdentity\":{\"principalId\":" + quote(PRINCIPAL_ID) + "},"
                + "\"requestParameters\":{\"sourceIPAddress\":\"127.0.0.1\"},"
                + "\"responseElements\":{\"x-amz-request-id\":" + quote(sequencer)
                + ",\"x-amz-id-2\":" + quote("quotepipe-local/" + sequencer) + "},"
                + "\"s3\":{"
                + "\"s3SchemaVersion\":\"1.0\","
                + "\"configurationId\":" + quote(CONFIGURATION_ID) + ","
                + "\"bucket\":{\"name\":" + quote(bucket)
                + ",\"ownerIdentity\":{\"principalId\":" + quote(PRINCIPAL_ID) + "}"
                + ",\"arn\":" + quote("arn:aws:s3:::" + bucket) + "},"
                + "\"object\":{\"key\":" + quote(encodeKey(key))
                + ",\"size\":" + size
                + ",\"eTag\":" + quote(eTag)
                + ",\"sequencer\":" + quote(sequencer) + "}"
                + "}}]}";
    }

    /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
