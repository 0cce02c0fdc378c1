package io.quotepipe.core.alert;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The alerts group of every app's configuration ({@code quotepipe.alerts.*}): each app's {@code @ConfigMapping}
 * declares {@code AlertsConfig alerts();}, so that the keys, their meaning and their defaults are the same in the
 * poller, the consumer and the loader. {@link Alerts#from} builds the alerts from it.
 */
public interface AlertsConfig {

    /** ARN of the SNS topic {@code quotepipe-alerts}; unset or blank: alerts are only logged (said at start). */
    Optional<String> topicArn();

    /**
     * At most one alert per component and kind in this window; the ones held back are counted into the next, or sent
     * as a summary once the kind goes quiet. 15 minutes, the same in every app: the poller runs every 5 minutes, so a
     * failure that repeats at every poll mails an operator once per three polls (four mails an hour per kind at most)
     * while the folded count still says how often it happened; a shorter window would page on every poll, a longer
     * one would leave a new kind of trouble unreported for too long. {@code 0s} sends every alert (tests).
     */
    @WithDefault("15m")
    Duration window();
}
