package io.quotepipe.query;

import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.S3BatchKey;
import io.quotepipe.core.Times;
import io.quotepipe.query.PipelineStatus.ConsumerLag;
import io.quotepipe.query.PipelineStatus.DeadLetters;
import io.quotepipe.query.PipelineStatus.LastBatch;
import io.quotepipe.query.PipelineStatus.LastLoad;
import io.quotepipe.query.PipelineStatus.LastPoll;
import io.quotepipe.query.PipelineStatus.NotAvailable;
import io.quotepipe.query.PipelineStatus.Quarantine;
import io.quotepipe.query.PipelineStatus.RecordedAlert;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads what the pipeline panel shows from what the stages write: the table's {@code LATEST} items (Query
 * {@code pk = LATEST}, a few attributes only) and the lake (ListObjectsV2 of {@code quotes/dt=.../hour=.../},
 * {@code quarantine/}, {@code status/consumer/}, {@code dead-letters/} and {@code alerts/dt=.../}; GetObject of
 * quarantine objects, {@code status/*.json} and the newest alerts: {@link StageRecords}). Needs {@code dynamodb:Query}
 * on the table, {@code s3:ListBucket} on the bucket and {@code s3:GetObject} on {@code quarantine/*}, {@code status/*},
 * {@code dead-letters/*} and {@code alerts/*}; without the S3 rights the lake fields are reported as not available,
 * with the reason, and the rest is still answered.
 */
@ApplicationScoped
public class PipelineQueries {

    private static final Logger LOG = Logger.getLogger(PipelineQueries.class);

    /** How far back the newest batch is looked for, an hour partition at a time. */
    static final int BATCH_LOOKBACK_HOURS = 48;
    /** At most this many quarantine objects are listed (ten pages); more are reported as truncated. */
    static final int MAX_QUARANTINE_OBJECTS = 10_000;
    /** Line counts of this many quarantine objects are kept; an object is read once, not on every refresh. */
    static final int MAX_COUNTED_OBJECTS = 10_000;
    /** At most this many not yet counted quarantine objects are read per request (the newest first). */
    static final int MAX_READS_PER_REQUEST = 50;

    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final Clock clock;
    private final String table;
    private final String bucket;
    private final StageRecords records;
    /** Lines of a quarantine object, by key and ETag: a replayed load rewrites the object, with a new ETag. */
    private final Map<String, Integer> linesByObject = new ConcurrentHashMap<>();

    @Inject
    public PipelineQueries(DynamoDbClient dynamo, S3Client s3, Clock clock, ObjectMapper json, QueryConfig config) {
        this.dynamo = dynamo;
        this.s3 = s3;
        this.clock = clock;
        this.table = config.dynamodb().table();
        this.bucket = config.s3().bucket();
        this.records = new StageRecords(s3, json, bucket);
    }

    public String bucket() {
        return bucket;
    }

    /** The panel's data. DynamoDB failures propagate (the API answers 503); the lake's are reported per field. */
    public PipelineStatus status() {
        Instant now = clock.instant();
        List<NotAvailable> missing = new ArrayList<>();
        List<Latest> latest = latestItems();
        Optional<Latest> newest = latest.stream().filter(l -> l.fetchedAt() != null)
                .max(Comparator.comparing(Latest::fetchedAt).thenComparing(Latest::pollId, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<String> loadedObjects = List.of();
        int loadedQuotes = 0;
        if (newest.isPresent()) {
            String pollId = newest.get().pollId();
            TreeSet<String> objects = new TreeSet<>();
            latest.stream().filter(l -> pollId != null && pollId.equals(l.pollId())).map(Latest::s3Key)
                    .filter(k -> k != null).forEach(objects::add);
            loadedObjects = List.copyOf(objects);
            loadedQuotes = (int) latest.stream().filter(l -> l.s3Key() != null && objects.contains(l.s3Key())).count();
        }

        Lake lake = new Lake(missing);
        Set<String> status = lake.read("lastPoll.failovers", records::statusKeys).orElse(Set.of());
        Optional<StageRecords.PollRecord> polled = lake.read("lastPoll.failovers", () -> records.lastPoll(status)).flatMap(p -> p);
        Optional<StageRecords.LoadRecord> loaded = lake.read("lastLoad.loadedAt", () -> records.lastLoad(status)).flatMap(l -> l);
        LastPoll lastPoll = polled.map(p -> fromRecord(p, latest))
                .or(() -> newest.map(n -> new LastPoll(n.pollId(), n.source(), n.fetchedAt(), n.observedAt(),
                        (int) latest.stream().filter(l -> n.pollId() != null && n.pollId().equals(l.pollId())).count(),
                        null, null)))
                .orElse(null);
        if (polled.isEmpty() && !lake.failed()) {
            missing.add(new NotAvailable("lastPoll.failovers", "the poller has recorded no poll in s3://" + bucket + "/"
                    + StageRecords.POLLER + " yet (it writes it after every poll; check its quotepipe.s3.bucket)"));
        }
        LastLoad lastLoad = null;
        if (newest.isPresent() || loaded.isPresent()) {
            lastLoad = new LastLoad(loadedObjects, loadedQuotes, loaded.map(StageRecords.LoadRecord::key).orElse(null),
                    loaded.map(StageRecords.LoadRecord::loadedAt).orElse(null),
                    loaded.map(StageRecords.LoadRecord::lines).orElse(null),
                    loaded.map(StageRecords.LoadRecord::quarantined).orElse(null));
        }
        if (loaded.isEmpty() && !lake.failed()) {
            missing.add(new NotAvailable("lastLoad.loadedAt", "the loader has recorded no load in s3://" + bucket + "/"
                    + StageRecords.LOADER + " yet (it writes it after every load)"));
        }

        LastBatch lastBatch = lake.read("lastBatch", () -> lastBatch(now, latest)).orElse(null);
        if (lastBatch == null && !lake.failed()) {
            missing.add(new NotAvailable("lastBatch", "no batch object under " + S3BatchKey.PREFIX + " of bucket "
                    + bucket + " in the last " + BATCH_LOOKBACK_HOURS + " hours"));
        }
        Quarantine quarantine = lake.read("quarantine", this::quarantine).orElse(null);
        ConsumerLag lag = lake.read("consumerLag", () -> records.consumerLag(status)).flatMap(l -> l).orElse(null);
        if (lag == null && !lake.failed()) {
            missing.add(new NotAvailable("consumerLag", "no consumer has recorded its lag under s3://" + bucket + "/"
                    + StageRecords.CONSUMER_PREFIX + " yet (each writes it every quotepipe.consumer.status-interval)"));
        }
        DeadLetters deadLetters = lake.read("deadLetters", records::deadLetters).orElse(null);
        List<RecordedAlert> alerts = lake.read("alerts", () -> records.latestAlerts(now)).orElse(null);
        return new PipelineStatus(now, lastPoll, lastLoad, lastBatch, quarantine, lag, deadLetters, alerts, missing);
    }

    /** The poller's record of its last poll; the provider's observation time when that poll's quotes are loaded. */
    private static LastPoll fromRecord(StageRecords.PollRecord p, List<Latest> latest) {
        Instant observedAt = latest.stream().filter(l -> p.pollId() != null && p.pollId().equals(l.pollId()))
                .map(Latest::observedAt).filter(t -> t != null).max(Comparator.naturalOrder()).orElse(null);
        return new LastPoll(p.pollId(), p.provider(), p.polledAt(), observedAt, p.quotes(), p.outcome(), p.failovers());
    }

    /**
     * Reads of the lake for one answer: the first failure (no bucket, no right, a malformed record) is reported for
     * its field and for every later field, which are not tried again; the table's part of the answer still stands.
     */
    private final class Lake {
        private final List<NotAvailable> missing;
        private String reason;

        Lake(List<NotAvailable> missing) {
            this.missing = missing;
        }

        <T> Optional<T> read(String field, Supplier<T> reader) {
            if (reason == null) {
                try {
                    return Optional.ofNullable(reader.get());
                } catch (SdkException | UncheckedIOException e) {
                    LOG.warnf("The lake (bucket %s) cannot be read for the pipeline panel: %s", bucket, e.getMessage());
                    reason = "bucket " + bucket + " cannot be read (" + e.getMessage() + "); the query service needs "
                            + "s3:ListBucket on it and s3:GetObject on quarantine/*, status/*, dead-letters/* and "
                            + "alerts/*, and quotepipe.s3.bucket must name it";
                }
            }
            if (missing.stream().noneMatch(n -> n.field().equals(field))) {
                missing.add(new NotAvailable(field, reason));
            }
            return Optional.empty();
        }

        boolean failed() {
            return reason != null;
        }
    }

    /** The parts of a {@code LATEST} item the panel needs, read by their attribute names. */
    private record Latest(String symbol, String source, String pollId, Instant fetchedAt, Instant observedAt, String s3Key) {
    }

    private List<Latest> latestItems() {
        List<Latest> out = new ArrayList<>();
        // "source" is a DynamoDB reserved word: it needs a placeholder name.
        dynamo.queryPaginator(q -> q.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(DynamoKeys.LATEST_PK)))
                        .projectionExpression("symbol, #source, pollId, fetchedAt, observedAt, s3Key")
                        .expressionAttributeNames(Map.of("#source", "source")))
                .items()
                .forEach(item -> out.add(new Latest(text(item, "symbol"), text(item, "source"), text(item, "pollId"),
                        time(item, "fetchedAt"), time(item, "observedAt"), text(item, "s3Key"))));
        return out;
    }

    /**
     * The newest object under {@code quotes/}: hour partitions are listed from the current hour back, so that a long
     * history costs nothing; within the first hour that holds objects, the one S3 stored last wins.
     */
    private LastBatch lastBatch(Instant now, List<Latest> latest) {
        ZonedDateTime hour = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        for (int back = 0; back <= BATCH_LOOKBACK_HOURS; back++) {
            ZonedDateTime h = hour.minusHours(back);
            String prefix = String.format("%sdt=%04d-%02d-%02d/hour=%02d/", S3BatchKey.PREFIX,
                    h.getYear(), h.getMonthValue(), h.getDayOfMonth(), h.getHour());
            Optional<S3Object> newest = s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                    .contents().stream()
                    .max(Comparator.comparing(S3Object::lastModified).thenComparing(S3Object::key));
            if (newest.isPresent()) {
                S3Object o = newest.get();
                boolean loaded = latest.stream().anyMatch(l -> o.key().equals(l.s3Key()));
                return new LastBatch(o.key(), o.size(), Times.millis(o.lastModified()), loaded);
            }
        }
        return null;
    }

    private Quarantine quarantine() {
        List<S3Object> objects = new ArrayList<>();
        boolean truncated = false;
        for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                .prefix(S3BatchKey.QUARANTINE_PREFIX).build()).contents()) {
            if (objects.size() == MAX_QUARANTINE_OBJECTS) {
                truncated = true;
                break;
            }
            objects.add(o);
        }
        objects.sort(Comparator.comparing(S3Object::lastModified).thenComparing(S3Object::key).reversed());
        int lines = 0;
        int reads = 0;
        for (S3Object o : objects) {
            Integer known = linesByObject.get(o.key() + " " + o.eTag());
            if (known == null) {
                if (reads == MAX_READS_PER_REQUEST) {
                    truncated = true;
                    continue;
                }
                reads++;
                known = countLines(o.key());
                if (linesByObject.size() < MAX_COUNTED_OBJECTS) {
                    linesByObject.put(o.key() + " " + o.eTag(), known);
                }
            }
            lines += known;
        }
        S3Object latest = objects.isEmpty() ? null : objects.getFirst();
        return new Quarantine(objects.size(), lines, latest == null ? null : latest.key(),
                latest == null ? null : Times.millis(latest.lastModified()), truncated);
    }

    /** Lines of one quarantine object (one JSON line per rejected input line), streamed. */
    private int countLines(String key) {
        try (InputStream in = s3.getObject(g -> g.bucket(bucket).key(key))) {
            byte[] buffer = new byte[8192];
            int lines = 0;
            boolean open = false;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        if (open) {
                            lines++;
                        }
                        open = false;
                    } else {
                        open = true;
                    }
                }
            }
            return open ? lines + 1 : lines;
        } catch (IOException e) {
            throw new UncheckedIOException("reading quarantine object s3://" + bucket + "/" + key, e);
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        String value = text(item, name);
        if (value == null) {
            return null;
        }
        try {
            return Times.parse(value);
        } catch (RuntimeException e) {
            // The panel summarises; a malformed time is the API's business (Items reports it on /api/coins).
            return null;
        }
    }
}
