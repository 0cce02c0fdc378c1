package io.quotepipe.local.runner;

import io.quotepipe.local.support.ParentWatch;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;

/**
 * Runs another main class in a child JVM that must not outlive its parent ({@link ParentWatch}). Used
 * for the services the runner starts (the consumer): when the parent dies, the service gets the same
 * clean stop as on SIGTERM (its shutdown hooks flush and commit), then the JVM halts.
 *
 * <p>Usage: {@code java -cp <app>:<runner jar>:<support jar> io.quotepipe.local.runner.ChildMain <main class> [args]}.
 */
public final class ChildMain {

    /** Long enough for a consumer to flush its open batches on the way out. */
    private static final Duration CLEAN_STOP = Duration.ofSeconds(30);

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChildMain <main class> [args...]");
        }
        ParentWatch.onParentExit("service", () -> System.exit(0), CLEAN_STOP);
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
