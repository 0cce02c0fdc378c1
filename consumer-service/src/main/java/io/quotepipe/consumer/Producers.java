package io.quotepipe.consumer;

import io.quarkus.arc.DefaultBean;
import io.quotepipe.core.alert.Alerts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Clock;

/** The clock every time-dependent bean injects (so that tests can fix time), and the alerts built on it. */
@ApplicationScoped
public class Producers {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * To SNS when {@code quotepipe.alerts.topic-arn} is set, otherwise only logged. The fold state is in memory: this
     * is one long-running process.
     */
    @Produces
    @ApplicationScoped
    Alerts alerts(ConsumerConfig config, Instance<SnsClient> sns, Clock clock) {
        return Alerts.from(config.alerts(), sns::get, clock);
    }
}
