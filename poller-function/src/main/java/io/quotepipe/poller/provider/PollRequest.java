package io.quotepipe.poller.provider;

import io.quotepipe.core.time.Deadline;

import java.time.Instant;
import java.util.Objects;

/**
 * What a provider is asked for one poll.
 *
 * @param pollId      stamped on every quote
 * @param scheduledAt when the poll was scheduled (the simulated market's observation time)
 * @param deadline    when the provider must have answered, retries included
 */
public record PollRequest(String pollId, Instant scheduledAt, Deadline deadline) {

    public PollRequest {
        Objects.requireNonNull(pollId, "pollId");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(deadline, "deadline");
    }
}
