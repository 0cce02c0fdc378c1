package io.quotepipe.local.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.quotepipe.local.LocalCloudException;

/**
 * One server running as a child process, with the protocol every local-cloud server follows.
 *
 * <ul>
 *   <li>It prints one line {@code READY key=value ...} on stdout when clients can connect; {@link #awaitReady}
 *       returns those values (at least {@code port}).</li>
 *   <li>Its stdin stays open for as long as it should live. Closing it is a clean stop; and since the operating
 *       system closes it when this JVM dies, even by SIGKILL, a server never outlives the JVM that started it.</li>
 *   <li>Its stdout and stderr go to its log file, whose last lines are quoted when it fails.</li>
 * </ul>
 */
public final class ChildProcess {

    private static final int TAIL_LINES = 30;
    private static final Duration DESTROY_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final CompletableFuture<Map<String, String>> ready = new CompletableFuture<>();

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Launches the command and returns at once; {@link #awaitReady} waits for its READY line. */
    public static ChildProcess launch(String name, List<String> command, Path workingDir, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "=== " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                    + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.PIPE)
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            ChildProcess child = new ChildProcess(name, process, logFile);
            child.copyStdoutToLog();
            return child;
        } catch (IOException e) {
            throw new LocalCloudException("Cannot start the local " + name + " (" + String.join(" ", command)
                    + "): " + e.getMessage() + "; its log: " + logFile, e);
        }
    }

    /** Copies stdout to the log file and completes {@link #ready} at the READY line, or fails it at end of output. */
    private void copyStdoutToLog() {
        Thread copier = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                         StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    log.write(line);
                    log.write(System.lineSeparator());
                    log.flush();
                    if (!ready.isDone() && line.startsWith("READY ")) {
                        ready.complete(parseReadyLine(line));
                    }
                }
            } catch (IOException e) {
                // The pipe broke: the process is gone; the future is failed below.
            }
            ready.completeExceptionally(new IllegalStateException("it closed its output without a READY line"));
        }, "local-cloud-" + name + "-stdout");
        copier.setDaemon(true);
        copier.start();
    }

    static Map<String, String> parseReadyLine(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String token : line.substring("READY ".length()).trim().split("\\s+")) {
            int equals = token.indexOf('=');
            if (equals > 0) {
                values.put(token.substring(0, equals), token.substring(equals + 1));
            }
        }
        return values;
    }

    /**
     * Waits until the server says it is ready and returns the values of its READY line. If it exits first or takes
     * longer than {@code timeout}, it is killed and the exception says which server, its exit code and its log tail.
     */
    public Map<String, String> awaitReady(Duration timeout) {
        try {
            Map<String, String> values = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!values.containsKey("port")) {
                kill();
                throw failure("printed a READY line without port=");
            }
            return values;
        } catch (TimeoutException e) {
            kill();
            throw failure("was not ready within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            waitForExit(DESTROY_WAIT);
            String exit = process.isAlive() ? "closed its output" : "exited with code " + process.exitValue();
            kill();
            throw failure(exit + " before it was ready");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw failure("start was interrupted");
        }
    }

    private LocalCloudException failure(String what) {
        return new LocalCloudException("The local " + name + " " + what + ". Its log " + logFile + " ends with:"
                + System.lineSeparator() + logTail());
    }

    /** Asks the server to stop (closes its stdin) and waits up to {@code grace}; then terminates, then kills it. */
    public void stop(Duration grace) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed: the server is stopping anyway.
        }
        if (waitForExit(grace)) {
            return;
        }
        process.destroy();
        if (!waitForExit(DESTROY_WAIT)) {
            kill();
        }
    }

    /** Ends the process at once (SIGKILL on Unix), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        if (!waitForExit(DESTROY_WAIT)) {
            throw new LocalCloudException("The local " + name + " (pid " + process.pid() + ") did not die after "
                    + "SIGKILL within " + DESTROY_WAIT.toSeconds() + " s");
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** The last lines of the log file, for error messages. */
    public String logTail() {
        return tail(logFile, TAIL_LINES);
    }

    static String tail(Path file, int lines) {
        Deque<String> last = new ArrayDeque<>(lines);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast("    " + line);
            }
        } catch (IOException | UncheckedIOException e) {
            return "    (cannot read " + file + ": " + e.getMessage() + ")";
        }
        return last.isEmpty() ? "    (empty)" : String.join(System.lineSeparator(), last);
    }
}
