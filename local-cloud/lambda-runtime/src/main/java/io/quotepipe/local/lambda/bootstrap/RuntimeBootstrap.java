package io.quotepipe.local.lambda.bootstrap;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;

/**
 * Main class of a local Lambda runtime process: AWS's runtime interface client, tied to the life of the
 * JVM that started it.
 * <p>
 * The parent keeps this process's standard input open and never writes to it. When the parent ends, by
 * {@code close()}, a crash or {@code kill -9}, the operating system closes that pipe: reading it returns
 * end of file and this process halts, so no runtime outlives its host. A shutdown hook in the parent could
 * not do this, since SIGKILL runs no hooks.
 * <p>
 * Everything else is AWS's: {@link AWSLambda#main} loads the handler named by the first argument from
 * {@code user.dir} (the task root) and polls the Runtime API at {@code AWS_LAMBDA_RUNTIME_API}, exactly
 * as in the {@code java21} managed runtime
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Runtime API</a>).
 */
public final class RuntimeBootstrap {

    /** Exit status when the parent is gone; nobody is left to read it. */
    private static final int PARENT_GONE = 143;

    private RuntimeBootstrap() {
    }

    public static void main(String[] args) throws Throwable {
        // Read the descriptor, not System.in, which user code could replace.
        InputStream lifeline = new FileInputStream(FileDescriptor.in);
        Thread watchdog = new Thread(() -> haltAtEndOf(lifeline), "lambda-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        AWSLambda.main(args);
    }

    private static void haltAtEndOf(InputStream lifeline) {
        byte[] ignored = new byte[64];
        try {
            while (lifeline.read(ignored) >= 0) {
                // The parent never writes; anything read is discarded.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone too.
        }
        Runtime.getRuntime().halt(PARENT_GONE);
    }
}
