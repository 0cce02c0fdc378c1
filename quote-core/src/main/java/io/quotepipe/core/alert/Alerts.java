package io.quotepipe.core.alert;

import io.quotepipe.core.Alert;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Raises operator alerts, at most one per component and kind per {@code window}: an outage that
 * fails every record must not send a thousand emails. Alerts held back are counted, not lost: the
 * next alert of that kind says how many it folds in ({@link Alert#folded()}), and {@link #flush()}
 * (call it on a timer) sends a summary for kinds that went quiet.
 *
 * <p>Where the fold state lives is a {@link FoldState}: this process's memory for a long-running service, the table
 * for a function whose containers are recycled at any time ({@link DynamoFoldState}).
 *
 * <p>Every alert is also logged, so that an alert that SNS could not take is still on record.
 * Delivery failures are logged and never thrown: an alert must not fail the work it reports on.
 * Thread-safe.
 */
public final class Alerts {

    private static final Logger LOG = Logger.getLogger(Alerts.class);

    private final AlertSink sink;
    private final Clock clock;
    private final Duration window;
    private final FoldState folds;

    /** Alerts whose fold state lives in this process's memory ({@link InMemoryFoldState}). */
    public Alerts(AlertSink sink, Clock clock, Duration window) {
        this(sink, clock, window, new InMemoryFoldState());
    }

    /** Alerts whose fold state lives in {@code folds}: in the table for functions whose containers come and go. */
    public Alerts(AlertSink sink, Clock clock, Duration window, FoldState folds) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        this.folds = Objects.requireNonNull(folds, "folds");
    }

    /**
     * The alerts of an app from its {@code quotepipe.alerts} group, with the fold state in this process's memory: to SNS
     * when {@code topic-arn} is set, otherwise only logged (as every alert also is), which is said once here.
     *
     * @param sns asked for only when a topic is set, so that an app without one needs no SNS client
     */
    public static Alerts from(AlertsConfig config, Supplier<SnsClient> sns, Clock clock) {
        return from(config, sns, clock, new InMemoryFoldState());
    }

    /** As {@link #from(AlertsConfig, Supplier, Clock)}, with the fold state in {@code folds}. */
    public static Alerts from(AlertsConfig config, Supplier<SnsClient> sns, Clock clock, FoldState folds) {
        return from(config, sns, clock, folds, Optional.empty());
    }

    /**
     * As {@link #from(AlertsConfig, Supplier, Clock, FoldState)}, each delivered alert also recorded by {@code record}
     * when present: the lake's {@code alerts/} objects the pipeline panel lists ({@link RecordedAlertSink}).
     */
    public static Alerts from(AlertsConfig config, Supplier<SnsClient> sns, Clock clock, FoldState folds,
            Optional<RecordedAlertSink.Store> record) {
        Optional<String> arn = config.topicArn().filter(a -> !a.isBlank());
        AlertSink sink;
        if (arn.isPresent()) {
            sink = new SnsAlertSink(sns.get(), arn.get());
            LOG.infof("alerts go to SNS topic %s, at most one per kind every %s", arn.get(), config.window());
        } else {
            sink = alert -> { }; // raise() logs every alert itself
            LOG.info("quotepipe.alerts.topic-arn is not set: alerts are only logged");
        }
        if (record.isPresent()) {
            sink = new RecordedAlertSink(sink, record.get());
        }
        return new Alerts(sink, clock, config.window(), folds);
    }

    /**
     * Raises an alert now, or folds it into the next one of its kind when one was sent within the window.
     *
     * @param context where it happened: provider; topic/partition/offset; bucket/key/line. Never a secret.
     * @return whether it was delivered now
     */
    public boolean raise(String component, String kind, String message, Map<String, String> context) {
        Alert alert = new Alert(component, kind, message, context, clock.instant(), 0);
        LOG.warnf("alert %s: %s %s", alert.subject(), message, alert.context());
        return folds.admit(alert, window).map(this::send).orElse(false);
    }

    /** Sends, for each kind whose window has passed with alerts held back, the last of them with the count. */
    public void flush() {
        folds.due(clock.instant(), window).forEach(this::send);
    }

    private boolean send(Alert alert) {
        try {
            sink.deliver(alert);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf("could not publish alert %s (%s); it is in this log: %s", alert.subject(), e.getMessage(), alert.toJson());
            return false;
        }
    }
}
