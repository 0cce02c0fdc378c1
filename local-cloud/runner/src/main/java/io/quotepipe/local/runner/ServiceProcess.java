package io.quotepipe.local.runner;

import io.quotepipe.local.support.ParentWatch;

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
 * A long-running Quarkus service (the consumer) started from its built {@code quarkus-app}, as a
 * container would start it, in a child JVM that dies with its parent ({@link ChildMain}).
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the service in {@code quarkusApp} (a {@code target/quarkus-app} directory) and waits until
     * Quarkus reports it started.
     */
    public static ServiceProcess start(String name, Path quarkusApp, Map<String, String> environment, Path log,
            Duration startTimeout) {
        Path runJar = quarkusApp.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException(name + " is not built: " + runJar + " is missing. Run ./quotepipe build");
        }
        java.util.jar.Attributes manifest = manifest(runJar);
        // The log file is UTF-8 whatever the machine's locale (quotepipe's log lines use arrows).
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
        // `java -jar` would apply the jar's Add-Opens; started through ChildMain, the JVM must be told.
        String opens = manifest.getValue("Add-Opens");
        if (opens != null) {
            for (String module : opens.trim().split("\\s+")) {
                command.add("--add-opens=" + module + "=ALL-UNNAMED");
            }
        }
        String classpath = String.join(java.io.File.pathSeparator, runJar.toString(), jarOf(ChildMain.class), jarOf(ParentWatch.class));
        command.addAll(List.of("-cp", classpath, ChildMain.class.getName(),
                manifest.getValue("Main-Class")));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            ServiceProcess service = new ServiceProcess(name, log, builder.start());
            service.awaitStarted(startTimeout);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    private static java.util.jar.Attributes manifest(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        }
    }

    private void awaitStarted(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = output();
            if (output.contains(" started in ")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " while starting; its log "
                        + log + " ends with:\n" + tail(output));
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS); // wakes early if it dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + name + " was starting", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start within " + timeout + "; its log " + log + " ends with:\n"
                + tail(output()));
    }

    /** The URL Quarkus reports it listens on ({@code Listening on: http://127.0.0.1:PORT}), if it has HTTP. */
    public java.util.Optional<String> url() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Listening on: (http://\\S+)").matcher(output());
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, as a crash or an OOM kill would end it: no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM, then SIGKILL if it has not stopped within {@code grace}. */
    public void stop(Duration grace) {
        process.destroy();
        if (!waitFor(grace)) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
        }
    }
}
