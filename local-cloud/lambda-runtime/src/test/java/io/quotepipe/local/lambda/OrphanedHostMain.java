package io.quotepipe.local.lambda;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that hosts a function and then waits to be killed: {@link LambdaHostIT} starts it, reads the
 * runtime's process id from its standard output and sends it SIGKILL.
 */
public final class OrphanedHostMain {

    private OrphanedHostMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LambdaHost host = LambdaHost.start(LambdaFunctionSpec.of("orphan", Path.of(args[0]), Path.of(args[1])));
        System.out.println(host.runtimePid());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
