package io.quotepipe.consumer;

import io.quarkus.arc.DefaultBean;
import io.quotepipe.core.alert.AlertSink;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.alert.RecordedAlertSink;
import io.quotepipe.core.alert.SnsAlertSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Clock;

/** The clock every time-dependent bean injects (so that tests can fix time), and the alerts built on it. */
@ApplicationScoped
public class Producers {

    private static final Logger LOG = Logger.getLogger(Producers.class);
    /** An alert's record in the lake is a copy for the panel: it must not hold the loop long when S3 hangs. */
    private static final java.time.Duration RECORD_TIMEOUT = java.time.Duration.ofSeconds(5);

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Alerts to SNS when {@code quotepipe.alerts.topic-arn} is set; otherwise only logged (as every alert also is). */
    @Produces
    @ApplicationScoped
    Alerts alerts(ConsumerConfig config, SnsClient sns, Clock clock, S3Client s3) {
        AlertSink sink = config.alerts().topicArn()
                .filter(arn -> !arn.isBlank())
                .<AlertSink>map(arn -> new SnsAlertSink(sns, arn))
                .orElseGet(() -> {
                    LOG.info("quotepipe.alerts.topic-arn is not set: alerts are logged only");
                    return alert -> { };
                });
        // Also recorded in the lake, for the pipeline panel (docs/design.md, "Pipeline records").
        sink = new RecordedAlertSink(sink, (key, json) -> s3.putObject(p -> p.bucket(config.s3().bucket()).key(key)
                .contentType("application/json").overrideConfiguration(c -> c.apiCallTimeout(RECORD_TIMEOUT)),
                RequestBody.fromString(json)));
        return new Alerts(sink, clock, config.alerts().window());
    }
}
