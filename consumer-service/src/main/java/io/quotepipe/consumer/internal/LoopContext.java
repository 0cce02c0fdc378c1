package io.quotepipe.consumer.internal;

import io.quotepipe.core.alert.Alerts;

import java.time.Clock;
import java.util.Objects;

/**
 * What every part of the poll loop reports to and reads time from: the alerts, the meters and the clock. One value, so
 * that {@link S3Puts}, {@link Commits} and {@link DeadLettering} are built alike.
 */
record LoopContext(Alerts alerts, ConsumerMetrics metrics, Clock clock) {

    LoopContext {
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
    }
}
