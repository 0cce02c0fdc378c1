package io.quotepipe.local.lambda.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * The lines Lambda itself adds to a function's log stream around each invocation, so that a local log reads
 * like CloudWatch's: {@code START}, {@code END} and {@code REPORT} with durations
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/java-logging.html">Java logging</a>).
 * Appended to the file the runtime process writes; both append, so lines do not tear.
 */
public final class PlatformLog {

    private static final Logger LOG = Logger.getLogger(PlatformLog.class);

    private final Path file;
    private final int memoryMb;

    public PlatformLog(Path file, int memoryMb) {
        this.file = file;
        this.memoryMb = memoryMb;
    }

    public void start(String requestId) {
        append("START RequestId: " + requestId + " Version: $LATEST");
    }

    /**
     * @param initMillis the init duration, reported with the first invocation of an environment; null after
     */
    public void end(String requestId, double durationMillis, Double initMillis, long pid) {
        StringBuilder report = new StringBuilder("REPORT RequestId: ").append(requestId)
                .append(String.format(Locale.ROOT, "\tDuration: %.2f ms", durationMillis))
                .append("\tBilled Duration: ").append((long) Math.ceil(durationMillis)).append(" ms")
                .append("\tMemory Size: ").append(memoryMb).append(" MB");
        maxMemoryUsedMb(pid).ifPresent(used -> report.append("\tMax Memory Used: ").append(used).append(" MB"));
        if (initMillis != null) {
            report.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initMillis));
        }
        append("END RequestId: " + requestId + System.lineSeparator() + report);
    }

    /** Peak resident set size of the runtime process, which is what Lambda reports. */
    private static Optional<Long> maxMemoryUsedMb(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            return Files.readAllLines(status).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void append(String lines) {
        try {
            Files.writeString(file, lines + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warnf(e, "Cannot append the platform's log lines to %s", file);
        }
    }
}
