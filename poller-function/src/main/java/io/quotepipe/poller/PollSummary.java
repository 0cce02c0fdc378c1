package io.quotepipe.poller;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What one poll did; the Lambda's response and the last log line of a poll.
 *
 * @param pollId          the poll
 * @param provider        the provider whose quotes were published
 * @param published       quotes acknowledged by Kafka
 * @param skipped         invalid quotes of that provider left out
 * @param durationMs      wall time of the poll
 * @param failedProviders providers tried before {@code provider}, which failed (the poll failed over)
 * @param fetchMs         time in HTTP with {@code provider}, retries included
 * @param normaliseMs     time parsing, normalising and validating its answer
 * @param publishMs       time producing to Kafka until every acknowledgement
 */
@RegisterForReflection
public record PollSummary(String pollId, String provider, int published, int skipped, long durationMs,
                          List<String> failedProviders, long fetchMs, long normaliseMs, long publishMs) {

    @Override
    public String toString() {
        return "poll " + pollId + ": " + published + " quotes from " + provider + " to Kafka, " + skipped
                + " skipped, " + durationMs + " ms (fetch " + fetchMs + ", normalise " + normaliseMs + ", publish "
                + publishMs + ")" + (failedProviders.isEmpty() ? "" : "; failed over from " + failedProviders);
    }
}
