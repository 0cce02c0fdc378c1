package io.quotepipe.local.support;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Ends a child process of the local cloud when the JVM that launched it goes away.
 *
 * <p>The parent keeps the child's standard input open and never writes to it. When the parent exits
 * for any reason, SIGKILL included, the operating system closes the pipe and the child reads end of
 * file: the only signal that survives a killed parent (SIGKILL runs no shutdown hook). The watch then
 * gives the child a short clean stop and halts it, so that no server is ever left running on its own.
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    /**
     * Starts a daemon thread that, once stdin closes, runs {@code cleanStop} for at most {@code grace}
     * and then halts the JVM with status 0.
     */
    public static void onParentExit(String name, Runnable cleanStop, Duration grace) {
        // The descriptor rather than System.in, which code in the child could replace.
        InputStream lifeline = new FileInputStream(FileDescriptor.in);
        Thread watch = new Thread(() -> {
            drain(lifeline);
            Thread stopper = new Thread(cleanStop, name + "-clean-stop");
            stopper.setDaemon(true);
            stopper.start();
            try {
                stopper.join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(0);
        }, name + "-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** {@link #onParentExit} without a clean stop: halts at once. */
    public static void haltOnParentExit(String name) {
        onParentExit(name, () -> { }, Duration.ZERO);
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) != -1) {
                // The parent never writes; anything it does write is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone, exactly like end of file.
        }
    }
}
