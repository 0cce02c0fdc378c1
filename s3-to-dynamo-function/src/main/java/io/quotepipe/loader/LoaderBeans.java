package io.quotepipe.loader;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import io.quotepipe.core.alert.AlertSink;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.alert.DynamoFoldState;
import io.quotepipe.core.alert.RecordedAlertSink;
import io.quotepipe.core.alert.SnsAlertSink;
import io.quotepipe.loader.internal.Backoff;
import io.quotepipe.loader.internal.HistoryWriter;
import io.quotepipe.loader.internal.RollupWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
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

/** Wires the loader from its configuration: the clock, the write threads, the alerts and the {@link ObjectLoader}. */
@ApplicationScoped
public class LoaderBeans {

    private static final Logger LOG = Logger.getLogger(LoaderBeans.class);
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

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
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
     * SNS when {@code quotepipe.alerts.topic-arn} is set; otherwise alerts are only logged (by {@link Alerts}). The fold
     * state lives in the table, so that counts held back survive this container being recycled.
     */
    @Produces
    @Singleton
    Alerts alerts(LoaderConfig config, Instance<SnsClient> sns, Clock clock, DynamoDbClient dynamo, S3Client s3) {
        AlertSink sink = config.alerts().topicArn()
                .filter(arn -> !arn.isBlank())
                .<AlertSink>map(arn -> new SnsAlertSink(sns.get(), arn))
                .orElseGet(() -> {
                    LOG.info("quotepipe.alerts.topic-arn is not set: alerts are logged only");
                    return alert -> { };
                });
        // Also recorded in the lake, for the pipeline panel (docs/design.md, "Pipeline records").
        Optional<String> bucket = config.s3().bucket().filter(b -> !b.isBlank());
        if (bucket.isPresent()) {
            sink = new RecordedAlertSink(sink, (key, json) -> s3.putObject(p -> p.bucket(bucket.get()).key(key)
                    .contentType("application/json").overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5))),
                    RequestBody.fromString(json)));
        }
        return alerts(sink, clock, config.alerts().window(), dynamo, config.dynamodb().table());
    }

    /** The loader's alerts on {@code sink}, with their fold state in {@code table}. */
    static Alerts alerts(AlertSink sink, Clock clock, Duration window, DynamoDbClient dynamo, String table) {
        return new Alerts(sink, clock, window, new DynamoFoldState(dynamo, table));
    }

    @Produces
    @Singleton
    ObjectLoader objectLoader(S3Client s3, DynamoDbClient dynamo, LoaderConfig config,
            @Named(WRITE_EXECUTOR) ExecutorService writeExecutor, Alerts alerts) {
        String table = config.dynamodb().table();
        Backoff backoff = Backoff.standard();
        return new ObjectLoader(s3, new HistoryWriter(dynamo, table, config.loader().retention(), backoff),
                new RollupWriter(dynamo, table, backoff), writeExecutor, alerts,
                config.loader().writeConcurrency(), config.loader().maxPendingRollups());
    }
}
