package io.quotepipe.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quotepipe.core.Times;
import io.quotepipe.query.PipelineStatus.ConsumerLag;
import io.quotepipe.query.PipelineStatus.DeadLetters;
import io.quotepipe.query.PipelineStatus.Failover;
import io.quotepipe.query.PipelineStatus.PartitionLag;
import io.quotepipe.query.PipelineStatus.RecordedAlert;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what the stages record in the lake for the pipeline panel (docs/design.md, "Pipeline records"):
 * {@code status/poller.json}, {@code status/loader.json}, {@code status/consumer/<group>/<topic>-<partition>.json},
 * {@code dead-letters/} (counted by listing) and {@code alerts/dt=<date>/} (the newest few). The lake is the one store
 * both the stages and the deployed query function can reach: the query Lambda is outside the Kafka VPC.
 * S3 failures propagate to the caller, which reports the field as not available.
 */
final class StageRecords {

    static final String STATUS_PREFIX = "status/";
    static final String POLLER = "status/poller.json";
    static final String LOADER = "status/loader.json";
    static final String CONSUMER_PREFIX = "status/consumer/";
    static final String DEAD_LETTER_PREFIX = "dead-letters/";
    static final String ALERT_PREFIX = "alerts/";
    /** Partition status objects read per request; a topic with more partitions is reported as truncated. */
    static final int MAX_PARTITIONS = 256;
    /** Dead-letter objects listed (ten pages); more are reported as truncated. */
    static final int MAX_DEAD_LETTERS = 10_000;
    /** The newest alerts shown. */
    static final int ALERTS_SHOWN = 5;
    /** Days of alert partitions looked through, today first. */
    static final int ALERT_LOOKBACK_DAYS = 7;
    /** Recorded alerts and dead letters never change once written (their key comes from their content): kept. */
    static final int MAX_CACHED = 1_000;

    /** What {@code status/poller.json} says of the poller's last poll. */
    record PollRecord(String pollId, String outcome, String provider, int quotes, int skipped, Instant polledAt,
            List<Failover> failovers) {
    }

    /** What {@code status/loader.json} says of the loader's last finished load. */
    record LoadRecord(String key, Instant loadedAt, long lines, long items, long quarantined) {
    }

    private final S3Client s3;
    private final ObjectMapper json;
    private final String bucket;
    private final Map<String, JsonNode> immutable = new ConcurrentHashMap<>();

    StageRecords(S3Client s3, ObjectMapper json, String bucket) {
        this.s3 = s3;
        this.json = json;
        this.bucket = bucket;
    }

    /**
     * The keys under {@code status/}, listed once per answer: an object is read only when it is listed, because S3 answers
     * a GetObject of a missing key with 403, not 404, to a role whose s3:ListBucket is limited to prefixes (the
     * condition has no {@code s3:prefix} to match on a GetObject), which would look like a lake that cannot be read.
     */
    Set<String> statusKeys() {
        Set<String> keys = new TreeSet<>();
        for (S3Object o : list(STATUS_PREFIX)) {
            if (keys.size() == MAX_PARTITIONS + 2) {
                break;
            }
            keys.add(o.key());
        }
        return keys;
    }

    /** The poller's last poll, or empty when it has recorded none. */
    Optional<PollRecord> lastPoll(Set<String> status) {
        if (!status.contains(POLLER)) {
            return Optional.empty();
        }
        return read(POLLER).map(n -> {
            List<Failover> failovers = new ArrayList<>();
            n.path("failovers").forEach(f -> failovers.add(new Failover(f.path("provider").asText(), f.path("reason").asText())));
            return new PollRecord(text(n, "pollId"), text(n, "outcome"), text(n, "provider"), n.path("quotes").asInt(),
                    n.path("skipped").asInt(), time(n, "polledAt"), failovers);
        });
    }

    /** The loader's last finished load, or empty when it has recorded none. */
    Optional<LoadRecord> lastLoad(Set<String> status) {
        if (!status.contains(LOADER)) {
            return Optional.empty();
        }
        return read(LOADER).map(n -> new LoadRecord(text(n, "key"), time(n, "loadedAt"), n.path("lines").asLong(),
                n.path("items").asLong(), n.path("quarantined").asLong()));
    }

    /** Every partition's lag as its consumer last recorded it, or empty when no consumer has recorded any. */
    Optional<ConsumerLag> consumerLag(Set<String> status) {
        List<PartitionLag> partitions = new ArrayList<>();
        boolean truncated = false;
        for (String key : status) {
            if (!key.startsWith(CONSUMER_PREFIX)) {
                continue;
            }
            if (partitions.size() == MAX_PARTITIONS) {
                truncated = true;
                break;
            }
            read(key).ifPresent(n -> partitions.add(new PartitionLag(text(n, "group"), text(n, "topic"),
                    n.path("partition").asInt(), n.path("lag").asLong(), time(n, "measuredAt"))));
        }
        if (partitions.isEmpty()) {
            return Optional.empty();
        }
        partitions.sort(Comparator.comparing(PartitionLag::group).thenComparing(PartitionLag::topic)
                .thenComparingInt(PartitionLag::partition));
        long total = partitions.stream().mapToLong(PartitionLag::lag).sum();
        Instant oldest = partitions.stream().map(PartitionLag::measuredAt).filter(t -> t != null)
                .min(Comparator.naturalOrder()).orElse(null);
        return Optional.of(new ConsumerLag(total, oldest, partitions, truncated));
    }

    /** The dead letters mirrored to the lake, counted by listing; the newest one's reason. */
    DeadLetters deadLetters() {
        List<S3Object> objects = new ArrayList<>();
        boolean truncated = false;
        for (S3Object o : list(DEAD_LETTER_PREFIX)) {
            if (objects.size() == MAX_DEAD_LETTERS) {
                truncated = true;
                break;
            }
            objects.add(o);
        }
        Optional<S3Object> newest = objects.stream().max(Comparator.comparing(S3Object::lastModified).thenComparing(S3Object::key));
        if (newest.isEmpty()) {
            return new DeadLetters(0, null, null, null, false);
        }
        S3Object o = newest.get();
        String reason = readOnce(o.key() + " " + o.eTag(), o.key()).map(n -> text(n, "reason")).orElse(null);
        return new DeadLetters(objects.size(), o.key(), Times.millis(o.lastModified()), reason, truncated);
    }

    /** The newest recorded alerts, newest first, from today's partition back {@value #ALERT_LOOKBACK_DAYS} days. */
    List<RecordedAlert> latestAlerts(Instant now) {
        List<String> keys = new ArrayList<>();
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        for (int back = 0; back < ALERT_LOOKBACK_DAYS && keys.size() < ALERTS_SHOWN; back++) {
            List<String> ofDay = new ArrayList<>();
            list(ALERT_PREFIX + "dt=" + day.minusDays(back) + "/").forEach(o -> ofDay.add(o.key()));
            // Keys start with the alert's time: reverse key order is newest first.
            ofDay.sort(Comparator.reverseOrder());
            ofDay.stream().limit(ALERTS_SHOWN - keys.size()).forEach(keys::add);
        }
        List<RecordedAlert> alerts = new ArrayList<>();
        for (String key : keys) {
            readOnce(key, key).ifPresent(n -> alerts.add(new RecordedAlert(time(n, "time"), text(n, "component"),
                    text(n, "kind"), text(n, "message"), n.path("folded").asInt())));
        }
        return alerts;
    }

    private Iterable<S3Object> list(String prefix) {
        return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build()).contents();
    }

    private Optional<JsonNode> readOnce(String cacheKey, String key) {
        JsonNode known = immutable.get(cacheKey);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<JsonNode> read = read(key);
        if (immutable.size() < MAX_CACHED) {
            read.ifPresent(n -> immutable.put(cacheKey, n));
        }
        return read;
    }

    /** An object's JSON; empty when the object is missing. A malformed object is an error that names it. */
    private Optional<JsonNode> read(String key) {
        try (InputStream in = s3.getObject(g -> g.bucket(bucket).key(key))) {
            JsonNode node = json.readTree(in);
            if (node == null || !node.isObject()) {
                throw new UncheckedIOException(new IOException("s3://" + bucket + "/" + key + " is not a JSON object"));
            }
            return Optional.of(node);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant time(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Times.parse(value);
        } catch (RuntimeException e) {
            return null; // the panel summarises; a malformed time is shown as absent
        }
    }
}
