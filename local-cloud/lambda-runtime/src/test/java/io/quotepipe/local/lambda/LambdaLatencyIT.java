package io.quotepipe.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Measures the echo function's cold start and warm invocations, for the record (the build log). */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LambdaLatencyIT {

    private static final Logger LOG = Logger.getLogger(LambdaLatencyIT.class);
    private static final Path FUNCTION_ZIP = Path.of(System.getProperty("echo-function.zip",
            "target/it/echo-function/target/function.zip"));
    private static final int WARM_INVOCATIONS = 200;

    @TempDir
    Path workDir;

    @Test
    void warmInvocationsAreFasterThanTheColdStart() {
        long started = System.nanoTime();
        try (LambdaHost host = LambdaHost.start(LambdaFunctionSpec.of("echo-latency", FUNCTION_ZIP, workDir)
                .withMemoryMb(512).withTimeout(Duration.ofSeconds(30)))) {
            host.invoke("{\"message\":\"cold\"}");
            double coldMillis = millisSince(started);

            double[] warmMillis = new double[WARM_INVOCATIONS];
            for (int i = 0; i < WARM_INVOCATIONS; i++) {
                long t = System.nanoTime();
                host.invoke("{\"message\":\"warm\",\"i\":" + i + "}");
                warmMillis[i] = millisSince(t);
            }
            Arrays.sort(warmMillis);

            LOG.infof("echo function, 512 MB: cold start (start + first invocation) %.0f ms; warm invocations "
                    + "(n=%d) median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; REPORT lines in %s",
                    coldMillis, WARM_INVOCATIONS, warmMillis[WARM_INVOCATIONS / 2],
                    warmMillis[WARM_INVOCATIONS * 9 / 10], warmMillis[WARM_INVOCATIONS * 99 / 100],
                    warmMillis[WARM_INVOCATIONS - 1], workDir.resolve("echo-latency.log"));
            assertThat(warmMillis[WARM_INVOCATIONS / 2]).isLessThan(coldMillis);
            assertThat(host.coldStarts()).isEqualTo(1);
        }
    }

    private static double millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e6;
    }
}
