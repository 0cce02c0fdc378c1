package io.quotepipe.poller;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The EventBridge "Scheduled Event" that invokes the poller
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html).
 * Only what the poller uses is mapped; the rest is ignored. Our own record rather than
 * aws-lambda-java-events' {@code ScheduledEvent}, which needs Joda-Time for {@code time}.
 *
 * @param id         unique per scheduled run, and the same when Lambda retries it: the poll id
 * @param detailType {@code Scheduled Event}
 * @param source     {@code aws.events}
 * @param time       the scheduled time, e.g. {@code 2026-11-21T18:05:00Z}
 * @param resources  the rule's ARN
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledEvent(
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String time,
        List<String> resources) {
}
