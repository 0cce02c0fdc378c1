package io.quotepipe.core.alert;

import io.quotepipe.core.Alert;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.Map;
import java.util.Objects;

/**
 * Publishes alerts to the SNS topic {@code quotepipe-alerts}: subject per docs/design.md, JSON body, and
 * {@code component}/{@code kind} as message attributes so that subscriptions can filter on them
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html).
 */
public final class SnsAlertSink implements AlertSink {

    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertSink(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public void deliver(Alert alert) {
        sns.publish(p -> p.topicArn(topicArn)
                .subject(alert.subject())
                .message(alert.toJson())
                .messageAttributes(Map.of(
                        "component", attribute(alert.component()),
                        "kind", attribute(alert.kind()))));
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
