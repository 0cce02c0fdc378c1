package io.quotepipe.local.kafka;

import io.quotepipe.local.support.ParentWatch;
import io.quotepipe.local.support.ServerArgs;
import io.quotepipe.local.support.ServerMain;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Runs one real Kafka node, broker and KRaft controller in one, on 127.0.0.1 only.
 *
 * <pre>
 * KafkaBrokerMain --data-dir DIR [--port N] [--controller-port N]
 * </pre>
 *
 * <p>Port 0 (the default) picks a free port. A restart with the same data directory and ports continues the same
 * cluster with its topics and records, which is how the local cloud simulates a broker outage. On stdout it prints
 * exactly one line once clients can connect: {@code READY port=<broker port> controllerPort=<controller port>}.
 * Its log (WARN and above) goes to stderr. It exits when stdin closes (see {@link ParentWatch}).
 */
public final class KafkaBrokerMain {

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration CLEAN_STOP_GRACE = Duration.ofSeconds(10);

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) {
        ServerMain.runOrHalt(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        configureLogging();
        Arguments arguments = Arguments.parse(args);
        int port = arguments.port() == 0 ? freePort() : arguments.port();
        int controllerPort = arguments.controllerPort() == 0 ? freePort() : arguments.controllerPort();
        Files.createDirectories(arguments.dataDir());

        KafkaConfig config = new KafkaConfig(brokerProperties(arguments.dataDir(), port, controllerPort), false);
        formatStorageOnce(config, arguments.dataDir());

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        ParentWatch.onParentExit("kafka", () -> {
            server.shutdown();
            server.awaitShutdown();
        }, CLEAN_STOP_GRACE);
        // startup() returns once the broker has caught up with the metadata log and is unfenced.
        server.startup();
        System.out.println("READY port=" + port + " controllerPort=" + controllerPort);
        System.out.flush();
        server.awaitShutdown();
    }

    /**
     * The settings of a single-node development cluster: every internal topic with replication factor 1 (a single
     * broker could never satisfy the default 3), topics only by explicit creation, as in production, no
     * rebalance delay so that consumers in tests get their partitions at once, and a short broker session so that a
     * broker killed by a failure test is back within seconds.
     */
    static Properties brokerProperties(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // After a crash (kill), the restarted broker can register only once the controller has expired the old
        // incarnation's session: 9 s by default, 4 s here, heartbeats every 0.5 s to stay well inside it.
        p.put("broker.session.timeout.ms", "4000");
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }

    /**
     * Formats the data directory on first start; a restart finds {@code meta.properties} and keeps the cluster, its
     * topics and records (formatting again would mint a new cluster id, which the existing log rejects).
     */
    private static void formatStorageOnce(KafkaConfig config, Path dataDir) throws Exception {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        String dir = dataDir.toAbsolutePath().toString();
        new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .addDirectory(dir)
                .run();
    }

    /**
     * A port that was free a moment ago. The controller port must be known before the node starts (the quorum
     * voters name it), so port 0 cannot be handed to Kafka itself.
     */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        }
    }

    private static void configureLogging() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            var config = KafkaBrokerMain.class.getResource("/quotepipe-kafka-log4j2.xml");
            if (config != null) {
                System.setProperty("log4j2.configurationFile", config.toString());
            }
        }
    }

    record Arguments(Path dataDir, int port, int controllerPort) {

        static Arguments parse(String[] args) {
            ServerArgs parsed = ServerArgs.parse(args, "KafkaBrokerMain --data-dir DIR [--port N] [--controller-port N]",
                    Set.of("--data-dir", "--port", "--controller-port"), Set.of());
            return new Arguments(Path.of(parsed.required("--data-dir")), parsed.port("--port"),
                    parsed.port("--controller-port"));
        }
    }
}
