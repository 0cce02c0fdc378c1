package io.quotepipe.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.quotepipe.local.internal.ChildProcess;
import io.quotepipe.local.internal.ServerCommands;

/**
 * One server of the local cloud, to be stopped, killed and started again by failure tests.
 *
 * <p>A restart uses the same port (and for Kafka the same data directory), so clients built on
 * {@link LocalCloud#endpoints()} reconnect by themselves, as they would after a real outage. What a server kept only
 * in memory (dynalite's tables, the SNS emulator's topic and queue) is created again after a restart, empty.
 */
public final class LocalServer {

    /** Kafka's controlled shutdown takes a few seconds; after this the process is terminated. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final String name;
    private final ServerCommands.Command command;
    private final Path workDir;
    private final Path logFile;
    private final Duration startTimeout;
    private volatile Consumer<LocalServer> afterRestart = server -> { };
    private volatile ChildProcess process;
    private volatile Map<String, String> ready = Map.of();

    LocalServer(String name, ServerCommands.Command command, Path workDir, Duration startTimeout) {
        this.name = name;
        this.command = command;
        this.workDir = workDir;
        this.logFile = workDir.resolve("logs").resolve(name + ".log");
        this.startTimeout = startTimeout;
    }

    /** The server's name in logs and messages: {@code kafka}, {@code dynamodb}, {@code s3} or {@code sns}. */
    public String name() {
        return name;
    }

    /** The port it listens on, on 127.0.0.1; the same across restarts. */
    public int port() {
        String port = ready.get("port");
        if (port == null) {
            throw new IllegalStateException("The local " + name + " has not been started yet");
        }
        return Integer.parseInt(port);
    }

    /** Its log file: the child process's stdout and stderr, across restarts. */
    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        ChildProcess current = process;
        return current != null && current.isAlive();
    }

    /** The running process, if any: for tests that check that nothing is left behind. */
    public Optional<ProcessHandle> process() {
        ChildProcess current = process;
        return current == null ? Optional.empty() : Optional.of(current.handle());
    }

    /** Starts it again (same port) and waits until it is ready; does nothing if it is running. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        launch();
        awaitReady();
        afterRestart.accept(this);
    }

    /** Stops it cleanly (its stdin is closed), waiting until the process has exited. */
    public synchronized void stop() {
        ChildProcess current = process;
        if (current != null) {
            current.stop(STOP_GRACE);
        }
    }

    /** Kills it at once (SIGKILL), like a crash: no clean shutdown, in-flight requests fail. */
    public synchronized void kill() {
        ChildProcess current = process;
        if (current != null) {
            current.kill();
        }
    }

    void launch() {
        process = ChildProcess.launch(name, command.build(ready), workDir, logFile);
    }

    void awaitReady() {
        ready = Map.copyOf(process.awaitReady(startTimeout));
    }

    void afterRestart(Consumer<LocalServer> action) {
        this.afterRestart = action;
    }

    @Override
    public String toString() {
        ChildProcess current = process;
        return name + (current == null ? " (not started)"
                : " on 127.0.0.1:" + ready.getOrDefault("port", "?") + ", pid " + current.pid()
                + (current.isAlive() ? "" : " (stopped)"));
    }
}
