package io.quotepipe.local.lambda.internal;

/**
 * The moment the runtime took an event: the invocation's clock starts here.
 *
 * @param deadlineMillis   epoch milliseconds by which the function must answer, as sent to the runtime
 * @param deliveredAtNanos {@link System#nanoTime()} at delivery, for the invocation's duration
 */
public record Delivery(long deadlineMillis, long deliveredAtNanos) {
}
