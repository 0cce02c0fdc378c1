package io.quotepipe.loader;

import io.quarkus.runtime.StartupEvent;
import io.quotepipe.core.alert.AlertSink;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.alert.DynamoFoldState;
import io.quotepipe.core.alert.RecordedAlertSink;
import io.quotepipe.core.time.Backoff;
import io.quotepipe.core.time.BlockingBackoff;
import io.quotepipe.core.time.Jitter;
import io.quotepipe.core.time.Sleeper;
import io.quotepipe.loader.internal.HistoryWriter;
import io.quotepipe.loader.internal.RollupWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the loader from its configuration: the write threads, the alerts and the {@link ObjectLoader}; the clock is quote-core's. */
@ApplicationScoped
public class LoaderBeans {

    static final String WRITE_EXECUTOR = "loader-writes";

    /** Fails the start, naming the key, when a setting is out of range. */
    void validate(@Observes StartupEvent start, LoaderConfig config) {
        check(config);
    }

    static void check(LoaderConfig config) {
        LoaderConfig.Loader loader = config.loader();
        if (loader.writeConcurrency() < 1 || loader.writeConcurrency() > 64) {
            throw new IllegalArgumentException("quotepipe.loader.write-concurrency must be 1 to 64, not " + loader.writeConcurrency());
        }
        if (loader.maxPendingRollups() < 1) {
            throw new IllegalArgumentException("quotepipe.loader.max-pending-rollups must be at least 1, not " + loader.maxPendingRollups());
        }
        if (loader.retryDeadline().isNegative() || loader.timeoutMargin().isNegative()) {
            throw new IllegalArgumentException("quotepipe.loader.retry-deadline and quotepipe.loader.timeout-margin must not be"
                    + " negative: " + loader.retryDeadline() + ", " + loader.timeoutMargin());
        }
        loader.retention().filter(r -> r.isNegative() || r.isZero()).ifPresent(r -> {
            throw new IllegalArgumentException("quotepipe.loader.retention must be positive (or unset to keep history), not " + r);
        });
    }

    /**
     * The threads that send DynamoDB requests: platform threads, because the URL-connection HTTP client blocks in
     * synchronized code, which pins a virtual thread to its carrier on Java 21.
     */
    @Produces
    @Singleton
    @Named(WRITE_EXECUTOR)
    ExecutorService writeExecutor(LoaderConfig config) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(config.loader().writeConcurrency(),
                r -> Thread.ofPlatform().daemon().name("loader-write-" + n.incrementAndGet()).unstarted(r));
    }

    void closeWriteExecutor(@Disposes @Named(WRITE_EXECUTOR) ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    /**
     * The alerts of {@code quotepipe.alerts}, with their fold state in the table, so that counts held back survive this
     * container being recycled.
     */
    @Produces
    @Singleton
    Alerts alerts(LoaderConfig config, Instance<SnsClient> sns, Clock clock, DynamoDbClient dynamo, S3Client s3) {
        // Also recorded in the lake when it is set, for the pipeline panel (docs/design.md, "Pipeline records").
        Optional<RecordedAlertSink.Store> record = config.s3().bucket().filter(b -> !b.isBlank())
                .map(bucket -> (RecordedAlertSink.Store) (key, json) -> s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/json")
                        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5))), RequestBody.fromString(json)));
        return Alerts.from(config.alerts(), sns::get, clock, new DynamoFoldState(dynamo, config.dynamodb().table()), record);
    }

    /** The loader's alerts on {@code sink}, with their fold state in {@code table}. */
    static Alerts alerts(AlertSink sink, Clock clock, Duration window, DynamoDbClient dynamo, String table) {
        return new Alerts(sink, clock, window, new DynamoFoldState(dynamo, table));
    }

    @Produces
    @Singleton
    ObjectLoader objectLoader(S3Client s3, DynamoDbClient dynamo, LoaderConfig config,
            @Named(WRITE_EXECUTOR) ExecutorService writeExecutor, Alerts alerts, Clock clock) {
        String table = config.dynamodb().table();
        BlockingBackoff backoff = throttlingBackoff();
        return new ObjectLoader(s3, new HistoryWriter(dynamo, table, config.loader().retention(), backoff),
                new RollupWriter(dynamo, table, backoff, config.loader().retention(), clock), writeExecutor, alerts,
                config.loader().writeConcurrency(), config.loader().maxPendingRollups());
    }

    /**
     * The waits between retries of throttled DynamoDB writes: 50 ms doubling up to 5 s, with full jitter (several
     * threads and containers contend for one table, and full jitter spreads them best; see {@link Jitter}), real sleeps.
     */
    public static BlockingBackoff throttlingBackoff() {
        return new BlockingBackoff(new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), Jitter.full()), Sleeper.SYSTEM);
    }
}
