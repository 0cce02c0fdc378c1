package io.quotepipe.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A validator we did not write (cfn-lint, aws-sam-translator, terraform, shellcheck), run as a process. A missing tool
 * is a failure that names it and says how to install it, never a skipped test: CI must not pass without its checks.
 */
final class Tool {

    /** What each tool is and where it comes from, for the message when it is missing. */
    private static final Map<String, String> INSTALL = Map.of(
            "cfn-lint", "cfn-lint (pip install cfn-lint; 1.51.0 here)",
            "python3", "Python 3 with aws-sam-translator (pip install aws-sam-translator; 1.110.0 here)",
            "terraform", "Terraform >= 1.7 (https://developer.hashicorp.com/terraform/install; 1.11.4 here)",
            "shellcheck", "shellcheck (apt-get install shellcheck)");

    record Result(List<String> command, int exitCode, String out, String err) {

        /** The tool's own words, for an assertion message. */
        String output() {
            return String.join(" ", command) + " exited " + exitCode + "\n" + out + (err.isBlank() ? "" : "\n" + err);
        }
    }

    private Tool() {
    }

    /** Runs {@code command} in {@code dir}, at most {@code timeout}; its output is read in full. */
    static Result run(Path dir, Duration timeout, Map<String, String> environment, List<String> command) {
        require(command.get(0));
        try {
            Path out = Files.createTempFile("tool-", ".out");
            Path err = Files.createTempFile("tool-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    static Result run(Path dir, List<String> command) {
        return run(dir, Duration.ofMinutes(3), Map.of(), command);
    }

    /** Fails, naming the tool and how to get it, unless {@code name} is an executable on the PATH. */
    static void require(String name) {
        List<String> path = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        for (String dir : path) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return;
            }
        }
        throw new AssertionError(name + " is not on the PATH. The deployment checks run the real tool: install "
                + INSTALL.getOrDefault(name, name) + " (.ci/run does on CI).");
    }
}
