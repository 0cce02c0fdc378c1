package io.quotepipe.local.support;

/** The shape of every local server's {@code main}. */
public final class ServerMain {

    /** A server's start-up, which may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private ServerMain() {
    }

    /**
     * Runs {@code body}; if it fails, prints the failure and halts with status 1. A server's own
     * non-daemon threads could otherwise keep a half-started JVM alive, and the local cloud would wait
     * for its start timeout instead of seeing the exit (and this trace in the log) at once.
     */
    public static void runOrHalt(Body body) {
        try {
            body.run();
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
    }
}
