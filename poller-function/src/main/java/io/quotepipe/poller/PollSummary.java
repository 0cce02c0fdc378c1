package io.quotepipe.poller;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one poll did; the Lambda's response and the last log line of a poll.
 *
 * @param pollId     the poll
 * @param provider   the provider whose quotes were published
 * @param published  quotes acknowledged by Kafka
 * @param skipped    invalid quotes left out
 * @param durationMs wall time of the poll
 */
@RegisterForReflection
public record PollSummary(String pollId, String provider, int published, int skipped, long durationMs) {

    @Override
    public String toString() {
        return "poll " + pollId + ": " + published + " quotes from " + provider + " to Kafka, " + skipped
                + " skipped, " + durationMs + " ms";
    }
}
