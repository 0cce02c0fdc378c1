package io.quotepipe.local.lambda.bootstrap;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import io.quotepipe.local.support.ParentWatch;

/**
 * Main class of a local Lambda runtime process: AWS's runtime interface client, tied to the life of the
 * JVM that started it ({@link ParentWatch}: no runtime outlives its host, even after {@code kill -9}).
 * <p>
 * Everything else is AWS's: {@link AWSLambda#main} loads the handler named by the first argument from
 * {@code user.dir} (the task root) and polls the Runtime API at {@code AWS_LAMBDA_RUNTIME_API}, exactly
 * as in the {@code java21} managed runtime
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Runtime API</a>).
 */
public final class RuntimeBootstrap {

    private RuntimeBootstrap() {
    }

    public static void main(String[] args) throws Throwable {
        ParentWatch.haltOnParentExit("lambda-runtime");
        AWSLambda.main(args);
    }
}
