package io.quotepipe.local.internal;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quotepipe.local.LocalCloudException;

/**
 * The command lines of the four servers. Each Java server (Kafka, S3) runs from its own module's build output,
 * {@code <module>/target/<artifactId>.jar} plus {@code <module>/target/lib/*}, in a JVM of its own, so that their
 * libraries (Scala, Jetty, Jackson) never meet; DynamoDB (dynalite) and SNS/SQS (fauxqs) are Node programs.
 *
 * <p>Every command takes the values of the server's previous READY line, so that a restart reuses its ports.
 */
public final class ServerCommands {

    private static final String BUILD_HINT = "./mvnw -DskipTests package";

    private final Path home;
    private final Path javaExecutable;

    public ServerCommands(Path home) {
        this.home = home;
        this.javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A command for a server, given the values of its last READY line (empty map before the first start). */
    @FunctionalInterface
    public interface Command {
        List<String> build(Map<String, String> previousReady);
    }

    public Command kafka(Path dataDir, int port) {
        List<String> prefix = java("kafka-broker", "local-cloud-kafka-broker", "io.quotepipe.local.kafka.KafkaBrokerMain",
                List.of("-Xms128m", "-Xmx1g"));
        return previous -> {
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of("--data-dir", dataDir.toString(),
                    "--port", previous.getOrDefault("port", String.valueOf(port)),
                    "--controller-port", previous.getOrDefault("controllerPort", "0")));
            return command;
        };
    }

    /** dynalite, in memory: a restart comes back empty (the cloud creates the table again). */
    public Command dynamoDb(int port) {
        return nodeServer("dynamodb", "dynalite", "DynamoDB server (dynalite)", port);
    }

    /** With {@code dataDir} null the objects live in memory and are lost when S3 stops. */
    public Command s3(Path dataDir, URI notifyUrl, int port) {
        List<String> prefix = java("s3-emulator", "local-cloud-s3-emulator", "io.quotepipe.local.s3.S3EmulatorMain",
                List.of("-Xmx512m"));
        return previous -> {
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of("--port", previous.getOrDefault("port", String.valueOf(port)),
                    "--notify-url", notifyUrl.toString()));
            if (dataDir != null) {
                command.addAll(List.of("--data-dir", dataDir.toString()));
            }
            return command;
        };
    }

    public Command sns(int port) {
        return nodeServer("sns-emulator", "fauxqs", "SNS/SQS emulator (fauxqs)", port);
    }

    /** {@code node local-cloud/<module>/start.mjs --port N}, once the build has installed {@code npmPackage} there. */
    private Command nodeServer(String moduleName, String npmPackage, String what, int port) {
        Path module = home.resolve("local-cloud").resolve(moduleName);
        Path script = module.resolve("start.mjs");
        if (!Files.isRegularFile(module.resolve("node_modules").resolve(npmPackage).resolve("package.json"))) {
            throw new LocalCloudException("The local " + what + " is not installed: " + module
                    + "/node_modules/" + npmPackage + " is missing. Build it (its build runs npm ci) with `"
                    + BUILD_HINT + "` in " + home + ", or `./mvnw -pl local-cloud/" + moduleName + " package`.");
        }
        String node = node(what);
        return previous -> List.of(node, script.toString(), "--port", previous.getOrDefault("port", String.valueOf(port)));
    }

    private List<String> java(String moduleName, String artifactId, String mainClass, List<String> serverFlags) {
        Path target = home.resolve("local-cloud").resolve(moduleName).resolve("target");
        Path jar = target.resolve(artifactId + ".jar");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(target.resolve("lib"))) {
            throw new LocalCloudException("The local-cloud server module local-cloud/" + moduleName + " is not built: "
                    + jar + " or " + target.resolve("lib") + " is missing. Build it with `" + BUILD_HINT + "` in "
                    + home + " (or `./mvnw -pl local-cloud/" + moduleName + " -am -DskipTests package`).");
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(commonJvmFlags());
        command.addAll(serverFlags);
        command.add("-cp");
        command.add(jar + File.pathSeparator + target.resolve("lib") + File.separator + "*");
        command.add(mainClass);
        return command;
    }

    /**
     * Start-up over peak speed: these JVMs serve tests and a developer's runs, where a second saved at start
     * matters more than JIT-compiled throughput (C1 only halves the Kafka broker's start).
     */
    private static List<String> commonJvmFlags() {
        List<String> flags = new ArrayList<>(List.of(
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:-UsePerfData",
                "-Djava.net.preferIPv4Stack=true",
                "-Djava.awt.headless=true"));
        if (Runtime.version().feature() >= 24) {
            // Scala and Netty still use sun.misc.Unsafe; allow it without a warning per JVM.
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    /** {@code quotepipe.node} / {@code QUOTEPIPE_NODE}, else {@code node} on the PATH. */
    private static String node(String what) {
        String configured = System.getProperty("quotepipe.node", System.getenv("QUOTEPIPE_NODE"));
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node"))) {
                return Path.of(dir, "node").toString();
            }
        }
        throw new LocalCloudException("The local " + what + " needs Node.js >= 20, and no `node` is on the PATH ("
                + path + "); install it or set -Dquotepipe.node=/path/to/node");
    }
}
