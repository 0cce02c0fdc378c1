package io.quotepipe.loader;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.time.Deadline;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lambda entry point for S3 ObjectCreated notifications: loads every object of the event, in order. A failure
 * fails the invocation and Lambda retries the event, which is safe because every write is keyed by the data.
 */
@Named("loader")
public class LoaderHandler implements RequestHandler<S3Notification, List<LoadSummary>> {

    private static final Logger LOG = Logger.getLogger(LoaderHandler.class);

    @Inject
    ObjectLoader loader;
    @Inject
    LoaderConfig config;
    @Inject
    Alerts alerts;
    @Inject
    Clock clock;
    @Inject
    LoadRecorder recorder;

    /** Whether this runs in Lambda, whose remaining time then cuts the retry deadline ({@link Deadline#timeLeftInLambda}). */
    @ConfigProperty(name = "AWS_LAMBDA_FUNCTION_NAME")
    Optional<String> functionName;

    @Override
    public List<LoadSummary> handleRequest(S3Notification event, Context context) {
        if (event == null || event.records() == null) {
            if (event != null && "s3:TestEvent".equals(event.event())) {
                return List.of(); // sent once when the notification is configured
            }
            throw new IllegalArgumentException("loader expects an S3 event notification with 'Records'; see events/s3-object-created.json");
        }
        Deadline deadline = Deadline.within(clock, config.loader().retryDeadline(),
                Deadline.timeLeftInLambda(functionName, context == null ? null : context::getRemainingTimeInMillis),
                config.loader().timeoutMargin());
        List<LoadSummary> loaded = new ArrayList<>();
        try {
            for (S3Notification.Record record : event.records()) {
                if (!record.isObjectCreated()) {
                    LOG.infof("ignored %s of s3://%s/%s", record.eventName(), record.bucket(), record.decodedKey());
                    continue;
                }
                loader.load(record.bucket(), record.decodedKey(), deadline).ifPresent(s -> { loaded.add(s); recorder.loaded(s); });
            }
        } finally {
            alerts.flush(); // alerts held back by rate limiting whose window has passed
        }
        return loaded;
    }
}
