package io.quotepipe.loader;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.loader.internal.Deadline;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
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

    /**
     * Set by Lambda in every function's environment
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime), and by
     * the local Lambda host. Outside Lambda (Quarkus's test mode) the context has no deadline, and its remaining time
     * is an overflowed {@code (int) (0 - now)} that depends on the wall clock: it must not cut the retry deadline.
     */
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
        Deadline deadline = Deadline.forInvocation(clock, config.loader().retryDeadline(), config.loader().timeoutMargin(),
                functionName.isEmpty() || context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis()));
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
