package io.quotepipe.consumer.health;

import io.quotepipe.consumer.ConsumerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Instant;

/** Liveness: the poll loop runs and has polled within {@code max.poll.interval.ms}; a stuck loop asks for a restart. */
@Liveness
@ApplicationScoped
public class ConsumerLoopCheck implements HealthCheck {

    @Inject
    ConsumerService service;

    @Override
    public HealthCheckResponse call() {
        Instant lastPoll = service.lastPoll();
        return HealthCheckResponse.named("consumer-loop")
                .status(service.isAlive())
                .withData("lastPoll", lastPoll == null ? "never" : lastPoll.toString())
                .build();
    }
}
