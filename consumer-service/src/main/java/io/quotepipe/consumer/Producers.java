package io.quotepipe.consumer;

import io.quotepipe.core.alert.Alerts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Clock;

/**
 * The consumer's alerts, on quote-core's clock ({@code io.quotepipe.core.time.Clocks}, which a test can replace): to
 * SNS when {@code quotepipe.alerts.topic-arn} is set, otherwise only logged. The fold state is in memory: this is one
 * long-running process.
 */
@ApplicationScoped
public class Producers {

    @Produces
    @ApplicationScoped
    Alerts alerts(ConsumerConfig config, Instance<SnsClient> sns, Clock clock) {
        return Alerts.from(config.alerts(), sns::get, clock);
    }
}
