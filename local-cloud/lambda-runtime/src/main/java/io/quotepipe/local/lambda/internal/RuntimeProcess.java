package io.quotepipe.local.lambda.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * One runtime process: one Lambda execution environment, which runs one invocation at a time.
 * Its standard input is the lifeline that {@code RuntimeBootstrap} watches: the process halts when this
 * JVM goes away, however it goes.
 */
public final class RuntimeProcess {

    private static final Logger LOG = Logger.getLogger(RuntimeProcess.class);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final long startedAtMillis;
    private final CompletableFuture<Long> firstPoll;
    private final AtomicBoolean invoked = new AtomicBoolean();

    RuntimeProcess(Process process, long startedAtMillis, CompletableFuture<Long> firstPoll) {
        this.process = process;
        this.startedAtMillis = startedAtMillis;
        this.firstPoll = firstPoll;
    }

    public long pid() {
        return process.pid();
    }

    /** How long the init phase took: from the process's start to its first request for an event. */
    public Optional<Long> initMillis() {
        return Optional.ofNullable(firstPoll.getNow(null)).map(polledAt -> polledAt - startedAtMillis);
    }

    /** True once: for the first invocation of this environment, the one that reports the init duration. */
    public boolean firstInvocation() {
        return invoked.compareAndSet(false, true);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Ends the process at once, as Lambda ends an environment whose invocation timed out. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit();
    }

    /** Asks the process to end (SIGTERM, as Lambda's shutdown phase), and kills it if it takes too long. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!waitFor(grace)) {
            kill();
        }
    }

    private void awaitExit() {
        if (!waitFor(EXIT_WAIT)) {
            LOG.warnf("Lambda runtime process %d did not exit %s after SIGKILL", pid(), EXIT_WAIT);
        }
    }

    private boolean waitFor(Duration duration) {
        try {
            return process.waitFor(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
