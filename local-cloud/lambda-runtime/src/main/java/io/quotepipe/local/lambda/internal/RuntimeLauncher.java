package io.quotepipe.local.lambda.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import io.quotepipe.local.lambda.LambdaFunctionSpec;

/**
 * Starts runtime processes the way the {@code java21} managed runtime starts its JVM: AWS's runtime
 * interface client on the class path, the task root as working directory (the client loads the function
 * from {@code user.dir} and {@code user.dir/lib/*.jar} in a class loader of its own, not from the class
 * path), Lambda's JVM options and the environment Lambda defines.
 */
public final class RuntimeLauncher {

    private static final String BOOTSTRAP_MAIN = "io.quotepipe.local.lambda.bootstrap.RuntimeBootstrap";
    private static final String JNI_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final LambdaFunctionSpec spec;
    private final Path taskDir;
    private final RuntimeLibrary library;
    private final String runtimeApi;

    public RuntimeLauncher(LambdaFunctionSpec spec, Path taskDir, RuntimeLibrary library, String runtimeApi) {
        this.spec = spec;
        this.taskDir = taskDir;
        this.library = library;
        this.runtimeApi = runtimeApi;
    }

    /**
     * @param firstPoll completes when the new process first asks the Runtime API for an event
     */
    public RuntimeProcess launch(CompletableFuture<Long> firstPoll) {
        ProcessBuilder builder = new ProcessBuilder(command())
                .directory(taskDir.toFile())
                .redirectInput(Redirect.PIPE)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(spec.logFile().toFile()));
        // Nothing of this JVM's environment leaks in (no developer credentials, no AWS_PROFILE).
        builder.environment().clear();
        builder.environment().putAll(environment());
        try {
            Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
            long startedAt = System.currentTimeMillis();
            return new RuntimeProcess(builder.start(), startedAt, firstPoll);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Lambda runtime of function " + spec.functionName()
                    + ": " + String.join(" ", builder.command()), e);
        }
    }

    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Java 17+ runtimes stop tiered compilation at C1 and use the serial collector
        // (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html). The heap is 85 % of the
        // memory size, as seen in the managed runtime's command line (not documented).
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:MaxHeapSize=" + (spec.memoryMb() * 1024L * 85 / 100) + "k");
        command.add("-Djava.net.preferIPv4Stack=true");
        // Lambda's runtime writes UTF-8 to CloudWatch whatever the locale; so does the local log file.
        command.add("-Dstdout.encoding=UTF-8");
        command.add("-Dstderr.encoding=UTF-8");
        command.add("-D" + JNI_PROPERTY + "=" + library.jniLibrary());
        if (Runtime.version().feature() >= 24) {
            // This JVM may be newer than Lambda's 21, where the client's JNI and sun.misc.Unsafe use
            // pass silently; keep the function's log free of those warnings.
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-cp");
        command.add(library.classpath());
        command.add(BOOTSTRAP_MAIN);
        command.add(spec.handler());
        return command;
    }

    /** https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_REGION", spec.region());
        env.put("AWS_DEFAULT_REGION", spec.region());
        // No execution role here: the local cloud accepts any static credentials.
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.putAll(spec.environment());
        env.put("_HANDLER", spec.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", taskDir.toString());
        env.put("LAMBDA_RUNTIME_DIR", library.dir().toString());
        return env;
    }

    /** One stream per execution environment, named as Lambda names them. */
    private static String logStreamName() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return LocalDate.now(ZoneOffset.UTC).format(STREAM_DATE) + "/[$LATEST]" + HexFormat.of().formatHex(id);
    }
}
