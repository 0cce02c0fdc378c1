package io.quotepipe.consumer;

import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.alert.InMemoryFoldState;
import io.quotepipe.core.alert.RecordedAlertSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The consumer's alerts, on quote-core's clock ({@code io.quotepipe.core.time.Clocks}, which a test can replace): to
 * SNS when {@code quotepipe.alerts.topic-arn} is set, otherwise only logged, and recorded in the lake for the pipeline
 * panel (docs/design.md, "Pipeline records"). The fold state is in memory: this is one long-running process.
 */
@ApplicationScoped
public class Producers {

    /** An alert's record in the lake is a copy for the panel: it must not hold the loop long when S3 hangs. */
    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(5);

    @Produces
    @ApplicationScoped
    Alerts alerts(ConsumerConfig config, Instance<SnsClient> sns, Clock clock, S3Client s3) {
        RecordedAlertSink.Store record = (key, json) -> s3.putObject(p -> p.bucket(config.s3().bucket()).key(key)
                .contentType("application/json").overrideConfiguration(c -> c.apiCallTimeout(RECORD_TIMEOUT)),
                RequestBody.fromString(json));
        return Alerts.from(config.alerts(), sns::get, clock, new InMemoryFoldState(), Optional.of(record));
    }
}
