package io.quotepipe.local.runner;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class in a child JVM that must not outlive its parent: when the parent dies,
 * even by SIGKILL, the child's stdin reaches end of file and the child halts. Used for the services
 * the runner starts (the consumer), so that no process is ever left behind.
 *
 * <p>Usage: {@code java -cp <app>:<this jar> io.quotepipe.local.runner.ChildMain <main class> [args]}.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChildMain <main class> [args...]");
        }
        Thread watch = new Thread(ChildMain::haltAtEndOfInput, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void haltAtEndOfInput() {
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // the parent writes nothing; reading only waits for the end of the pipe
            }
        } catch (IOException e) {
            // a broken pipe means the parent is gone, as does end of file
        }
        // exit() rather than halt(): shutdown hooks let the service flush and close as on SIGTERM
        System.exit(0);
    }
}
