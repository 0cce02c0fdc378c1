package io.quotepipe.poller;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * The poller as a long-running service (a container, the local run): polls every
 * {@code quotepipe.poller.interval}. Off in Lambda, where EventBridge drives the handler and a
 * background timer would only run while an invocation thaws the container; switched on with
 * {@code quarkus.scheduler.enabled=true}.
 */
@ApplicationScoped
public class ScheduledPoller {

    private static final Logger LOG = Logger.getLogger(ScheduledPoller.class);

    @Inject
    PollService polls;

    @Scheduled(identity = "poller", every = "${quotepipe.poller.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll(ScheduledExecution execution) {
        try {
            polls.poll("scheduled-" + execution.getScheduledFireTime().toEpochMilli(), execution.getScheduledFireTime(),
                    Optional.empty());
        } catch (PollService.PollFailedException e) {
            // The next tick polls again; PollService has logged the failure with its context and raised the alert.
            LOG.debugf(e, "scheduled poll failed");
        }
    }
}
