package io.quotepipe.local.dynamodb;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Ends this server process when the JVM that launched it goes away.
 *
 * <p>The local cloud keeps this process's standard input open and never writes to it. When the parent exits for any
 * reason, including SIGKILL, the operating system closes the pipe and {@code System.in} reaches end of file: that is
 * the only signal that survives a killed parent, so it is what this watch waits for. It then gives the server a short
 * clean stop and halts, so that no server is ever left running on its own.
 *
 * <p>Each server module has its own copy of this small class: the servers share no library on purpose.
 */
final class ParentWatch {

    private ParentWatch() {
    }

    /** Starts a daemon thread that runs {@code cleanStop} (at most {@code grace}) and halts once stdin closes. */
    static void haltWhenStdinCloses(String serverName, Runnable cleanStop, Duration grace) {
        Thread watch = new Thread(() -> {
            drain(System.in);
            Thread stopper = new Thread(cleanStop, serverName + "-clean-stop");
            stopper.setDaemon(true);
            stopper.start();
            try {
                stopper.join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(0);
        }, serverName + "-parent-watch");
        watch.setDaemon(true);
        watch.start();
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
