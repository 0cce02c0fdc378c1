package io.quotepipe.local.dynamodb;

import io.quotepipe.local.support.ParentWatch;
import io.quotepipe.local.support.ServerMain;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs AWS's DynamoDB Local in memory, on 127.0.0.1 only.
 *
 * <pre>
 * DynamoDbLocalMain [--port N]
 * </pre>
 *
 * <p>Port 0 (the default) lets the system choose. On stdout it prints exactly one line once clients can connect:
 * {@code READY port=<port>}. It exits when stdin closes (see {@link ParentWatch}).
 *
 * <p>Two things DynamoDB Local does not do by itself are done here: its Jetty connector listens on every interface,
 * so the connector is bound to the loopback address before start; and its SQLite native library would be extracted
 * to a fresh file in {@code java.io.tmpdir} on every start (left behind when the process is killed), so it is
 * loaded instead from {@code target/native}, where the build copies sqlite4java's native artifacts.
 */
public final class DynamoDbLocalMain {

    private static final String HOST = "127.0.0.1";
    private static final Duration CLEAN_STOP_GRACE = Duration.ofSeconds(5);

    private DynamoDbLocalMain() {
    }

    public static void main(String[] args) {
        ServerMain.runOrHalt(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        int port = parsePort(args);
        configureLogging();
        useNativeLibraryFromBuild();

        DynamoDBProxyServer server = createServer(port);
        ServerConnector connector = connectorOf(server);
        connector.setHost(HOST);
        connector.setPort(port);

        ParentWatch.onParentExit("dynamodb", () -> {
            try {
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, CLEAN_STOP_GRACE);
        server.start();
        System.out.println("READY port=" + connector.getLocalPort());
        System.out.flush();
        server.join();
    }

    private static DynamoDBProxyServer createServer(int port) throws Exception {
        // It prints its settings banner on stdout, including a placeholder port: stdout is kept for the READY line.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            return ServerRunner.createServerFromCommandLineArgs(new String[] {
                "-inMemory",
                // One database for every access key and region, as clients of the real service see one account.
                "-sharedDb",
                "-disableTelemetry",
                // DynamoDB Local rejects port 0; the real port, 0 included, is set on the connector afterwards.
                "-port", String.valueOf(port == 0 ? ServerRunner.DEFAULT_PORT : port),
            });
        } finally {
            System.setOut(stdout);
        }
    }

    /** DynamoDB Local keeps its Jetty server in a private field and creates it with a connector on every interface. */
    private static ServerConnector connectorOf(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        if (jetty.getConnectors().length != 1 || !(jetty.getConnectors()[0] instanceof ServerConnector connector)) {
            throw new IllegalStateException("DynamoDB Local's Jetty server was expected to have one ServerConnector, has "
                    + jetty.getConnectors().length + "; was DynamoDBLocal upgraded? Review " + DynamoDbLocalMain.class);
        }
        return connector;
    }

    /**
     * Points both loaders at the native library the build copied: sqlite4java's own
     * ({@code sqlite4java.library.path}) and DynamoDB Local 2.x's ({@code org.sqlite.lib.path} and
     * {@code org.sqlite.lib.name}, consulted before it falls back to extracting its bundled copy).
     */
    private static void useNativeLibraryFromBuild() throws URISyntaxException {
        Path nativeDir = moduleTargetDir().resolve("native");
        Optional<Path> library = nativeLibraryFor(nativeDir);
        if (library.isEmpty()) {
            System.err.println("No sqlite4java native library for " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " in " + nativeDir
                    + "; DynamoDB Local will extract its bundled one to java.io.tmpdir");
            return;
        }
        System.setProperty("sqlite4java.library.path", nativeDir.toString());
        System.setProperty("org.sqlite.lib.path", nativeDir.toString());
        System.setProperty("org.sqlite.lib.name", library.get().getFileName().toString());
    }

    /** The artifact names sqlite4java publishes its libraries under, e.g. {@code libsqlite4java-linux-amd64-1.0.392.so}. */
    static Optional<Path> nativeLibraryFor(Path nativeDir) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        String platform;
        if (os.contains("linux")) {
            platform = x64 ? "-linux-amd64-" : (arch.matches("i[3-6]86|x86") ? "-linux-i386-" : null);
        } else if (os.contains("mac")) {
            platform = "-osx-";
        } else if (os.contains("windows")) {
            platform = x64 ? "-win32-x64-" : "-win32-x86-";
        } else {
            platform = null;
        }
        if (platform == null || !Files.isDirectory(nativeDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(nativeDir)) {
            return files.filter(f -> f.getFileName().toString().contains(platform)).findFirst();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** {@code local-cloud/dynamodb-local/target}: the parent of this class's jar (or of target/classes). */
    private static Path moduleTargetDir() throws URISyntaxException {
        return Path.of(DynamoDbLocalMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    private static void configureLogging() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            var config = DynamoDbLocalMain.class.getResource("/quotepipe-dynamodb-log4j2.xml");
            if (config != null) {
                System.setProperty("log4j2.configurationFile", config.toString());
            }
        }
    }

    private static int parsePort(String[] args) {
        if (args.length == 0) {
            return 0;
        }
        if (args.length == 2 && args[0].equals("--port")) {
            try {
                int port = Integer.parseInt(args[1]);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("usage: DynamoDbLocalMain [--port N] (0..65535), was "
                + String.join(" ", args));
    }
}
