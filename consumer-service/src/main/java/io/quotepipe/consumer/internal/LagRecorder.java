package io.quotepipe.consumer.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quotepipe.core.Times;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records the consumer's lag where the query service can read it when deployed too (it cannot reach Kafka):
 * {@code status/consumer/<group>/<topic>-<partition>.json} in the lake, one object per partition this instance owns
 * (docs/design.md, "Pipeline records"), at most once per {@code interval} and only after a new measurement.
 *
 * <p>The loop hands over each measurement ({@link #measured}, cheap); the puts happen on this recorder's own thread,
 * so a slow or unreachable S3 never holds the loop up. A failed put is logged and tried again at the next interval:
 * the record is for the panel, the pipeline does not depend on it.
 */
public final class LagRecorder implements AutoCloseable {

    /** The lake's prefix of consumer status objects. */
    public static final String PREFIX = "status/consumer/";
    private static final Logger LOG = Logger.getLogger(LagRecorder.class);
    private static final JsonFactory JSON = new JsonFactory();
    /** A hung S3 must not hold this thread past the next interval for long. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private record Measurement(Map<TopicPartition, Long> lag, Instant at) {
    }

    private final S3Client s3;
    private final String bucket;
    private final String group;
    private final Duration interval;
    private final Clock clock;
    private final AtomicReference<Measurement> latest = new AtomicReference<>();
    private Measurement written;
    private ScheduledExecutorService timer;

    public LagRecorder(S3Client s3, String bucket, String group, Duration interval, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.group = Objects.requireNonNull(group, "group");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code status/consumer/quotepipe-consumer/crypto-quotes-0.json}. */
    public static String key(String group, String topic, int partition) {
        return PREFIX + group + "/" + topic + "-" + partition + ".json";
    }

    /** Takes the loop's latest lag per partition; written at the next interval. */
    public void measured(Map<TopicPartition, Long> lag) {
        latest.set(new Measurement(Map.copyOf(lag), clock.instant()));
    }

    /** Starts writing, every {@code interval}. */
    public synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("quotepipe-lag-recorder").daemon().factory());
            timer.scheduleWithFixedDelay(this::write, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Writes the latest measurement if it was not written yet. */
    void write() {
        Measurement m = latest.get();
        if (m == null || m == written) {
            return;
        }
        List<Map.Entry<TopicPartition, Long>> partitions = m.lag().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<TopicPartition, Long> e) -> e.getKey().toString())).toList();
        for (Map.Entry<TopicPartition, Long> e : partitions) {
            TopicPartition tp = e.getKey();
            String key = key(group, tp.topic(), tp.partition());
            try {
                s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/json")
                                .overrideConfiguration(c -> c.apiCallTimeout(TIMEOUT)),
                        RequestBody.fromString(json(group, tp, e.getValue(), m.at())));
            } catch (RuntimeException ex) {
                // Any failure, not only the SDK's: an exception out of a scheduled task would cancel it for good.
                LOG.warnf("could not record the lag of %s at s3://%s/%s (%s); tried again in %s", tp, bucket, key,
                        ex.getMessage(), interval);
                return;
            }
        }
        written = m;
    }

    static String json(String group, TopicPartition tp, long lag, Instant at) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("group", group);
            g.writeStringField("topic", tp.topic());
            g.writeNumberField("partition", tp.partition());
            g.writeNumberField("lag", lag);
            g.writeStringField("measuredAt", Times.format(at));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lag of " + tp, e);
        }
        return out.toString();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
