package io.quotepipe.poller;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.quotepipe.core.time.Deadline;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Lambda entry point, invoked by the EventBridge schedule with a Scheduled Event
 * (events/scheduled-event.json). Fails the invocation, so that Lambda retries it and the Errors
 * metric counts it, only when every provider failed or Kafka did not acknowledge every record.
 */
@Named("poller")
public class PollerHandler implements RequestHandler<ScheduledEvent, PollSummary> {

    @Inject
    PollService polls;

    /** Whether this runs in Lambda, whose remaining time then cuts the poll's budget ({@link Deadline#timeLeftInLambda}). */
    @ConfigProperty(name = "AWS_LAMBDA_FUNCTION_NAME")
    Optional<String> functionName;

    @Override
    public PollSummary handleRequest(ScheduledEvent event, Context context) {
        if (event == null || event.id() == null || event.time() == null) {
            throw new IllegalArgumentException("poller expects an EventBridge Scheduled Event with 'id' and 'time'; got "
                    + event + ". Invoke it with events/scheduled-event.json as a model.");
        }
        Instant scheduledAt;
        try {
            scheduledAt = Instant.parse(event.time());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Scheduled Event " + event.id() + " has time '" + event.time()
                    + "', which is not an ISO-8601 UTC time like 2026-11-21T18:05:00Z", e);
        }
        return polls.poll(event.id(), scheduledAt,
                Deadline.timeLeftInLambda(functionName, context == null ? null : context::getRemainingTimeInMillis));
    }
}
