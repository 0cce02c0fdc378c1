package io.quotepipe.loader.internal;

import io.quotepipe.core.time.BlockingBackoff;
import io.quotepipe.core.time.Deadline;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

import java.util.function.Supplier;

/**
 * Retries a single-item DynamoDB request that was throttled, with {@link BlockingBackoff}, until the {@link Deadline}. The
 * SDK has already retried a few times by then (its default retry policy); this stretches the patience to the
 * invocation's deadline.
 */
public final class Throttling {

    private Throttling() {
    }

    /** Throttled: retrying later can succeed. */
    public static boolean isThrottling(Throwable e) {
        return e instanceof ProvisionedThroughputExceededException
                || e instanceof RequestLimitExceededException
                || e instanceof AwsServiceException aws && aws.isThrottlingException();
    }

    /**
     * @param what names the write for the error message, e.g. the item and the object
     * @throws ThrottledException when still throttled at the deadline
     */
    public static <T> T retry(Supplier<T> request, BlockingBackoff backoff, Deadline deadline, Supplier<String> what) {
        for (int retry = 1; ; retry++) {
            try {
                return request.get();
            } catch (SdkException e) {
                if (!isThrottling(e)) {
                    throw e;
                }
                if (!backoff.pause(retry, deadline)) {
                    throw new ThrottledException(what.get() + " was still throttled after " + retry + " attempts and "
                            + deadline.elapsed().toMillis() + " ms, at the invocation's retry deadline; the invocation"
                            + " fails so that Lambda retries the event (every write is idempotent)", e);
                }
            }
        }
    }
}
