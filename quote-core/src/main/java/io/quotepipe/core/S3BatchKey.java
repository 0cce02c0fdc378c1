package io.quotepipe.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 key of a batch object: {@code quotes/dt=YYYY-MM-DD/hour=HH/<topic>-<partition>-<firstOffset>.jsonl.gz}.
 *
 * <p>The name is a function of the batch's first record only (its coordinates and Kafka timestamp),
 * never of the clock or a random id: when a batch is redelivered after a crash or a rebalance, it
 * overwrites its own object instead of adding a second copy. The offset is zero-padded to 19 digits
 * (the width of {@code Long.MAX_VALUE}) so that keys list in offset order. {@code dt=}/{@code hour=}
 * are Hive-style partitions that Athena and Glue read without a crawler.
 *
 * @param topic          the Kafka topic
 * @param partition      the Kafka partition
 * @param firstOffset    offset of the batch's first record
 * @param firstTimestamp Kafka timestamp of that record; chooses the date and hour partitions
 * @param gzip           whether the object is gzip-compressed ({@code .jsonl.gz}) or plain ({@code .jsonl})
 */
public record S3BatchKey(String topic, int partition, long firstOffset, Instant firstTimestamp, boolean gzip) {

    /** Prefix of every batch object; the loader's S3 notification filters on it. */
    public static final String PREFIX = "quotes/";
    /** Prefix of quarantined lines. */
    public static final String QUARANTINE_PREFIX = "quarantine/";

    private static final Pattern KEY = Pattern.compile(
            "quotes/dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/(.+)-(\\d+)-(\\d{19})\\.jsonl(\\.gz)?");

    public S3BatchKey {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(firstTimestamp, "firstTimestamp");
        if (partition < 0 || firstOffset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0: " + partition + ", " + firstOffset);
        }
    }

    /** The batch key of the record at {@code first}. */
    public static S3BatchKey of(KafkaCoordinates first, boolean gzip) {
        return new S3BatchKey(first.topic(), first.partition(), first.offset(), first.timestamp(), gzip);
    }

    /** The object key. */
    public String key() {
        ZonedDateTime t = firstTimestamp.atZone(ZoneOffset.UTC);
        return String.format("%sdt=%04d-%02d-%02d/hour=%02d/%s-%d-%019d.jsonl%s", PREFIX,
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
                topic, partition, firstOffset, gzip ? ".gz" : "");
    }

    /** Where the rejected lines of the object {@code key} go: {@code quarantine/<key>.errors.jsonl}. */
    public static String quarantineKey(String key) {
        return QUARANTINE_PREFIX + key + ".errors.jsonl";
    }

    /**
     * The parts of a batch key, or empty when {@code key} is not one. The date and hour come back
     * as the start of that hour: the exact timestamp is not in the key.
     */
    public static Optional<S3BatchKey> parse(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant hour = Instant.parse(m.group(1) + "T" + m.group(2) + ":00:00Z");
        return Optional.of(new S3BatchKey(m.group(3), Integer.parseInt(m.group(4)), Long.parseLong(m.group(5)),
                hour, m.group(6) != null));
    }

    @Override
    public String toString() {
        return key();
    }
}
