package io.quotepipe.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LambdaFunctionSpecTest {

    private static final Path ZIP = Path.of("target/function.zip");
    private static final Path WORK = Path.of("target/lambda");

    @Test
    void hasLambdasDefaults_whenTemplateSetsNothing() {
        LambdaFunctionSpec spec = LambdaFunctionSpec.of("poller", ZIP, WORK);

        assertThat(spec.handler()).isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(spec.memoryMb()).isEqualTo(128);
        assertThat(spec.logFile()).isEqualTo(WORK.resolve("poller.log"));
        assertThat(spec.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:poller");
    }

    @Test
    void takesRegionFromEnvironment_whenGiven() {
        LambdaFunctionSpec spec = LambdaFunctionSpec.of("poller", ZIP, WORK)
                .withEnvironment(Map.of("AWS_REGION", "eu-west-1"));

        assertThat(spec.functionArn()).isEqualTo("arn:aws:lambda:eu-west-1:000000000000:function:poller");
    }

    @Test
    void rejectsReservedEnvironmentKeys_asLambdaDoes() {
        LambdaFunctionSpec spec = LambdaFunctionSpec.of("poller", ZIP, WORK);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> spec.withEnvironment(Map.of("AWS_LAMBDA_RUNTIME_API", "x", "QUOTEPIPE_S3_BUCKET", "b")))
                .withMessageContaining("[AWS_LAMBDA_RUNTIME_API]");
    }

    @Test
    void rejectsTimeoutAndMemory_outsideLambdaLimits() {
        LambdaFunctionSpec spec = LambdaFunctionSpec.of("poller", ZIP, WORK);

        assertThatIllegalArgumentException().isThrownBy(() -> spec.withTimeout(Duration.ofMinutes(16)))
                .withMessageContaining("1 second to 15 minutes");
        assertThatIllegalArgumentException().isThrownBy(() -> spec.withMemoryMb(64))
                .withMessageContaining("128 to 10240 MB");
    }

    @Test
    void rejectsFunctionName_thatLambdaWouldNot() {
        assertThatIllegalArgumentException().isThrownBy(() -> LambdaFunctionSpec.of("my function", ZIP, WORK))
                .withMessageContaining("'my function'");
    }
}
