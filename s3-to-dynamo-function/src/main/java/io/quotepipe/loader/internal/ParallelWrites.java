package io.quotepipe.loader.internal;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The writes of one object, run on a shared executor with at most {@code maxInFlight} under way. {@link #submit}
 * blocks while that many are running, so the reader never gets further ahead of DynamoDB than that: memory stays
 * bounded whatever the size of the object. The first failure stops the rest: later submissions throw it at once and
 * {@link #awaitAll()} throws it after the writes under way have ended.
 */
public final class ParallelWrites implements AutoCloseable {

    private final Executor executor;
    private final int maxInFlight;
    private final Semaphore slots;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public ParallelWrites(Executor executor, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1: " + maxInFlight);
        }
        this.executor = Objects.requireNonNull(executor, "executor");
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
    }

    /** Runs {@code write} when a slot is free; throws the failure of an earlier write instead, if there was one. */
    public void submit(Runnable write) {
        rethrowFailure();
        acquire(1);
        try {
            executor.execute(() -> {
                try {
                    write.run();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            slots.release();
            throw new IllegalStateException("the loader's write executor is shut down", e);
        }
    }

    /** Waits until every submitted write has ended; throws the first failure. */
    public void awaitAll() {
        acquire(maxInFlight);
        slots.release(maxInFlight);
        rethrowFailure();
    }

    /** Whether a write has failed: the reader can stop early. */
    public boolean failed() {
        return failure.get() != null;
    }

    /** Waits for the writes under way without throwing: on an error path, no write may outlive the invocation. */
    @Override
    public void close() {
        slots.acquireUninterruptibly(maxInFlight);
        slots.release(maxInFlight);
    }

    private void acquire(int permits) {
        try {
            slots.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for DynamoDB writes", e);
        }
    }

    private void rethrowFailure() {
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
