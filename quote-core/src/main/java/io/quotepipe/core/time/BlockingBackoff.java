package io.quotepipe.core.time;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Backoff} that waits on the calling thread, never past a {@link Deadline}: for work that retries in place
 * (the loader's throttled DynamoDB writes) rather than in a loop that goes on polling. Thread-safe.
 *
 * @param policy  the waits
 * @param sleeper how to wait
 */
public record BlockingBackoff(Backoff policy, Sleeper sleeper) {

    public BlockingBackoff {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Waits before retry number {@code retry} (1-based), unless that wait would end after {@code deadline}.
     *
     * @return false, without waiting, when the deadline does not leave room for the wait
     * @throws IllegalStateException when interrupted (the interrupt flag is set again)
     */
    public boolean pause(int retry, Deadline deadline) {
        Duration wait = policy.wait(retry);
        if (!deadline.allows(wait)) {
            return false;
        }
        try {
            sleeper.sleep(wait); // a backoff before a retry, not a synchronisation
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off before retry " + retry, e);
        }
    }
}
