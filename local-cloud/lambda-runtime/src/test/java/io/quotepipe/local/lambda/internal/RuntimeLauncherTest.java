package io.quotepipe.local.lambda.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quotepipe.local.lambda.LambdaFunctionSpec;

class RuntimeLauncherTest {

    @TempDir
    Path dir;

    private RuntimeLauncher launcher;

    @BeforeEach
    void setUp() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(lib.resolve("jni"));
        for (String platform : List.of("linux-x86_64", "linux-aarch_64")) {
            Files.createFile(lib.resolve("jni").resolve("libaws-lambda-jni." + platform + ".so"));
        }
        LambdaFunctionSpec spec = LambdaFunctionSpec.of("loader", dir.resolve("function.zip"), dir)
                .withMemoryMb(512)
                .withEnvironment(Map.of("QUOTEPIPE_S3_BUCKET", "quotes", "AWS_REGION", "eu-west-1"));
        launcher = new RuntimeLauncher(spec, dir.resolve("task"), new RuntimeLibrary(lib), "127.0.0.1:4567");
    }

    @Test
    void definesLambdaRuntimeEnvironment_plusFunctionEnvironment() {
        Map<String, String> env = launcher.environment();

        assertThat(env).containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:4567")
                .containsEntry("_HANDLER", LambdaFunctionSpec.QUARKUS_HANDLER)
                .containsEntry("LAMBDA_TASK_ROOT", dir.resolve("task").toString())
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "loader")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
                .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/loader")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java21")
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
                .containsEntry("TZ", ":UTC")
                .containsEntry("QUOTEPIPE_S3_BUCKET", "quotes");
        assertThat(env.get("AWS_LAMBDA_LOG_STREAM_NAME")).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
    }

    @Test
    void startsClientWithLambdasJvmOptions_andHandlerAsArgument() {
        List<String> command = launcher.command();

        assertThat(command).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:MaxHeapSize=445644k", "-cp", dir.resolve("lib").resolve("*").toString());
        assertThat(command).anyMatch(arg -> arg.startsWith(
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + dir));
        assertThat(command.subList(command.size() - 2, command.size())).containsExactly(
                "io.quotepipe.local.lambda.bootstrap.RuntimeBootstrap", LambdaFunctionSpec.QUARKUS_HANDLER);
    }
}
