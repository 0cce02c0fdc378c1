package io.quotepipe.local;

import io.quotepipe.local.support.QuotepipeHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.quotepipe.local.internal.AwsClients;
import io.quotepipe.local.internal.CloudResources;
import io.quotepipe.local.internal.S3EventSink;
import io.quotepipe.local.internal.ServerCommands;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The pipeline's cloud on this machine: a real Kafka broker, dynalite (DynamoDB's API), an S3 emulator that raises ObjectCreated
 * events, and an SNS/SQS emulator, each in its own child process on 127.0.0.1, with the topics, bucket, table and
 * alert topic of docs/design.md created on them.
 *
 * <pre>{@code
 * try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.defaults())) {
 *     cloud.onObjectCreated(event -> loader.handle(event));
 *     Map<String, String> env = cloud.environment();   // for an app under test
 *     cloud.s3().stop(); ... cloud.s3().start();         // an outage
 * }
 * }</pre>
 *
 * <p>The servers start in parallel (a few seconds in all). {@link #close()} stops them and leaves no process behind;
 * if this JVM dies first, they notice (their stdin closes) and exit too. Tests share one instance per JVM through
 * {@link #shared()} or {@link LocalCloudExtension}.
 */
public final class LocalCloud implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalCloud.class.getName());
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final String KEEP_MARKER = "keep";
    private static final Object SHARED_LOCK = new Object();
    private static LocalCloud shared;
    private static RuntimeException sharedFailure;

    private final LocalCloudOptions options;
    private final Path workDir;
    private final S3EventSink eventSink;
    private final LocalServer kafka;
    private final LocalServer dynamoDb;
    private final LocalServer s3;
    private final LocalServer sns;
    private final Endpoints endpoints;
    private final AwsClients aws;
    private final Duration startDuration;
    private volatile boolean isShared;
    private volatile boolean closed;

    private LocalCloud(LocalCloudOptions options, Path workDir, S3EventSink eventSink, List<LocalServer> servers,
                       Endpoints endpoints, AwsClients aws, Duration startDuration) {
        this.options = options;
        this.workDir = workDir;
        this.eventSink = eventSink;
        this.kafka = servers.get(0);
        this.dynamoDb = servers.get(1);
        this.s3 = servers.get(2);
        this.sns = servers.get(3);
        this.endpoints = endpoints;
        this.aws = aws;
        this.startDuration = startDuration;
    }

    /** Starts a cloud with the names of docs/design.md on free ports. */
    public static LocalCloud start() {
        return start(LocalCloudOptions.defaults());
    }

    /**
     * Starts the four servers in parallel, waits until each is ready and creates the resources.
     *
     * @throws LocalCloudException naming the server that failed, its log file and the log's last lines; the servers
     *                             already started are stopped and the work directory is kept for inspection
     */
    public static LocalCloud start(LocalCloudOptions options) {
        long startNanos = System.nanoTime();
        Path home = QuotepipeHome.find();
        Path workDir = options.workDir() != null ? options.workDir().toAbsolutePath() : newWorkDir(home);
        ServerCommands commands = new ServerCommands(home);
        S3EventSink sink = S3EventSink.start();
        List<LocalServer> servers = new ArrayList<>();
        try {
            Files.createDirectories(workDir);
            Duration timeout = options.startTimeout();
            servers.add(new LocalServer("kafka", commands.kafka(workDir.resolve("kafka"), options.kafkaPort()),
                    workDir, timeout));
            servers.add(new LocalServer("dynamodb", commands.dynamoDb(options.dynamoDbPort()), workDir, timeout));
            servers.add(new LocalServer("s3", commands.s3(options.s3InMemory() ? null : workDir.resolve("s3"),
                    sink.url(), options.s3Port()), workDir, timeout));
            servers.add(new LocalServer("sns", commands.sns(options.snsPort()), workDir, timeout));

            servers.forEach(LocalServer::launch);
            servers.forEach(LocalServer::awaitReady);

            Endpoints bare = endpointsOf(options, servers, null);
            AwsClients aws = new AwsClients(bare.s3(), bare.dynamoDb(), bare.sns(), bare.sqs());
            CloudResources.Alerts alerts = createResources(options, bare, aws);
            Endpoints endpoints = endpointsOf(options, servers, alerts);

            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            LocalCloud cloud = new LocalCloud(options, workDir, sink, servers, endpoints, aws, took);
            cloud.recreateResourcesAfterRestarts();
            LOG.log(System.Logger.Level.INFO, () -> "Local cloud started in " + took.toMillis() + " ms: " + servers
                    + "; work directory " + workDir);
            return cloud;
        } catch (RuntimeException | IOException e) {
            servers.forEach(LocalCloud::stopQuietly);
            sink.close();
            markKept(workDir);
            if (e instanceof LocalCloudException failure) {
                throw new LocalCloudException(failure.getMessage() + System.lineSeparator()
                        + "(The local cloud was stopped; its work directory " + workDir + " was kept.)", failure);
            }
            throw new LocalCloudException("The local cloud failed to start: " + e
                    + " (its work directory " + workDir + " was kept)", e);
        }
    }

    /**
     * The cloud of this JVM, started on first use (thread-safe) with the default options and closed by a shutdown
     * hook. Its {@link #close()} does nothing, so that one test cannot stop it under the others. If its start
     * failed, every later call throws the same failure at once instead of waiting again.
     */
    public static LocalCloud shared() {
        synchronized (SHARED_LOCK) {
            if (sharedFailure != null) {
                throw sharedFailure;
            }
            if (shared == null) {
                try {
                    LocalCloud cloud = start(LocalCloudOptions.defaults());
                    cloud.isShared = true;
                    Runtime.getRuntime().addShutdownHook(new Thread(cloud::shutdown, "local-cloud-shutdown"));
                    shared = cloud;
                } catch (RuntimeException e) {
                    sharedFailure = e;
                    throw e;
                }
            }
            return shared;
        }
    }

    /** {@code <repo>/target/local-cloud/<time>-<pid>-<n>}; the pid lets a later run recognise leftovers. */
    private static Path newWorkDir(Path home) {
        Path root = home.resolve("target").resolve("local-cloud");
        deleteLeftoversOfDeadRuns(root);
        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
        return root.resolve(run);
    }

    /**
     * A JVM that was killed could not delete its work directory; its servers are gone with it (they exit when their
     * parent does), so its directory is deleted by the next run, unless it asked to keep it (a kept directory has a
     * {@code keep} marker).
     */
    private static void deleteLeftoversOfDeadRuns(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var runs = Files.list(root)) {
            runs.filter(run -> !Files.exists(run.resolve(KEEP_MARKER)))
                    .filter(run -> ownerPid(run).map(pid -> ProcessHandle.of(pid).isEmpty()).orElse(false))
                    .forEach(LocalCloud::deleteQuietly);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot list " + root + " for leftovers", e);
        }
    }

    private static Optional<Long> ownerPid(Path run) {
        String[] parts = run.getFileName().toString().split("-");
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Endpoints endpointsOf(LocalCloudOptions o, List<LocalServer> servers, CloudResources.Alerts alerts) {
        URI sns = loopback(servers.get(3).port());
        return new Endpoints("127.0.0.1:" + servers.get(0).port(), loopback(servers.get(2).port()),
                loopback(servers.get(1).port()), sns, sns, o.kafkaTopic(), o.deadLetterTopic(), o.bucket(), o.table(),
                alerts == null ? null : alerts.topicArn(), alerts == null ? null : alerts.queueUrl());
    }

    private static URI loopback(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** All resources at once, each on its own server; a failure names the resource and the server. */
    private static CloudResources.Alerts createResources(LocalCloudOptions o, Endpoints e, AwsClients aws) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var topics = CompletableFuture.runAsync(
                    () -> CloudResources.createTopics(e.kafkaBootstrapServers(), kafkaTopics(o)), pool);
            var bucket = CompletableFuture.runAsync(() -> CloudResources.createBucket(aws, o.bucket()), pool);
            var table = CompletableFuture.runAsync(() -> CloudResources.createTable(aws, o.table()), pool);
            var alerts = CompletableFuture.supplyAsync(
                    () -> CloudResources.createAlerts(aws, o.alertsTopic(), o.alertsQueue()), pool);
            join(topics, "Kafka topics " + kafkaTopics(o).keySet() + " on " + e.kafkaBootstrapServers());
            join(bucket, "S3 bucket " + o.bucket() + " on " + e.s3());
            join(table, "DynamoDB table " + o.table() + " on " + e.dynamoDb());
            return join(alerts, "SNS topic " + o.alertsTopic() + " and SQS queue " + o.alertsQueue() + " on " + e.sns());
        }
    }

    private static Map<String, Integer> kafkaTopics(LocalCloudOptions o) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(o.kafkaTopic(), o.kafkaPartitions());
        topics.put(o.deadLetterTopic(), 1);
        return topics;
    }

    private static <T> T join(CompletableFuture<T> future, String what) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LocalCloudException failure) {
                throw failure;
            }
            throw new LocalCloudException("Cannot create " + what + ": " + cause, cause);
        }
    }

    /** Servers that keep everything in memory come back empty: their resources are created again. */
    private void recreateResourcesAfterRestarts() {
        kafka.afterRestart(server -> CloudResources.createTopics(endpoints.kafkaBootstrapServers(), kafkaTopics(options)));
        s3.afterRestart(server -> CloudResources.createBucket(aws, options.bucket()));
        dynamoDb.afterRestart(server -> CloudResources.createTable(aws, options.table()));
        sns.afterRestart(server -> CloudResources.createAlerts(aws, options.alertsTopic(), options.alertsQueue()));
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /**
     * The environment variables that point an app (Quarkus config, the AWS SDK) at this cloud, in a stable order.
     * Both the SDK's {@code AWS_ENDPOINT_URL_<SERVICE>} and the Quarkus {@code endpoint-override} keys are set.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers());
        env.put("QUOTEPIPE_KAFKA_TOPIC", endpoints.kafkaTopic());
        env.put("QUOTEPIPE_S3_BUCKET", endpoints.bucket());
        env.put("QUOTEPIPE_DYNAMODB_TABLE", endpoints.table());
        env.put("QUOTEPIPE_ALERTS_TOPIC_ARN", endpoints.alertsTopicArn());
        env.put("AWS_ENDPOINT_URL_S3", endpoints.s3().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamoDb().toString());
        env.put("AWS_ENDPOINT_URL_SNS", endpoints.sns().toString());
        env.put("AWS_ENDPOINT_URL_SQS", endpoints.sqs().toString());
        env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", endpoints.s3().toString());
        env.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", endpoints.dynamoDb().toString());
        env.put("QUARKUS_SNS_ENDPOINT_OVERRIDE", endpoints.sns().toString());
        env.put("QUARKUS_SQS_ENDPOINT_OVERRIDE", endpoints.sqs().toString());
        env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
        env.put("AWS_REGION", AwsClients.REGION.id());
        env.put("AWS_DEFAULT_REGION", AwsClients.REGION.id());
        env.put("AWS_ACCESS_KEY_ID", AwsClients.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", AwsClients.SECRET_ACCESS_KEY);
        // s3proxy does not validate the CRC checksums that SDKs add by default since 2025; ask only when required.
        env.put("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
        env.put("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required");
        return env;
    }

    /** Writes {@link #environment()} as {@code KEY=VALUE} lines (for {@code set -a; . file} or a .env loader). */
    public Path writeEnvFile(Path file) {
        String content = environment().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(System.lineSeparator(), "", System.lineSeparator()));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the local cloud's environment to " + file, e);
        }
    }

    /**
     * Calls {@code listener} with the JSON of every S3 event notification ({@code {"Records":[...]}}, as S3 sends it
     * to a Lambda) raised after this call: one call per created object, on one dispatcher thread, in order. The first
     * listener to register also gets, first, the events raised while none was registered (see {@link S3EventSink}).
     *
     * @return closing it unregisters the listener
     */
    public AutoCloseable onObjectCreated(Consumer<String> listener) {
        return eventSink.addListener(listener);
    }

    /**
     * How many ObjectCreated events the S3 emulator has raised so far and the cloud has taken in (handed to the
     * listeners, or held for the first one): lets a test know an event has arrived before it registers a listener.
     */
    public long objectCreatedEventCount() {
        return eventSink.received();
    }

    public LocalServer kafka() {
        return kafka;
    }

    public LocalServer s3() {
        return s3;
    }

    public LocalServer dynamoDb() {
        return dynamoDb;
    }

    /** The SNS/SQS emulator. */
    public LocalServer sns() {
        return sns;
    }

    public List<LocalServer> servers() {
        return List.of(kafka, dynamoDb, s3, sns);
    }

    /** An S3 client for this cloud (path-style, checksums when required); closed with the cloud. */
    public S3Client s3Client() {
        return aws.s3();
    }

    /** A DynamoDB client for this cloud; closed with the cloud. */
    public DynamoDbClient dynamoDbClient() {
        return aws.dynamoDb();
    }

    /** An SNS client for this cloud; closed with the cloud. */
    public SnsClient snsClient() {
        return aws.sns();
    }

    /** An SQS client for this cloud; closed with the cloud. */
    public SqsClient sqsClient() {
        return aws.sqs();
    }

    public LocalCloudOptions options() {
        return options;
    }

    /** Logs ({@code logs/<server>.log}) and data of this cloud. */
    public Path workDir() {
        return workDir;
    }

    /** From the call to {@code start} until the resources existed. */
    public Duration startDuration() {
        return startDuration;
    }

    /** Stops every server (in parallel) and deletes the work directory unless asked to keep it; no-op on {@link #shared()}. */
    @Override
    public void close() {
        if (isShared) {
            LOG.log(System.Logger.Level.DEBUG, "close() on the shared local cloud ignored: it stops when the JVM exits");
            return;
        }
        shutdown();
    }

    private synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        List<Thread> stoppers = new ArrayList<>();
        for (LocalServer server : servers()) {
            stoppers.add(Thread.ofPlatform().name("local-cloud-stop-" + server.name()).start(() -> stopQuietly(server)));
        }
        stoppers.forEach(LocalCloud::joinQuietly);
        aws.close();
        eventSink.close();
        if (options.keepWorkDir()) {
            markKept(workDir);
        } else {
            deleteQuietly(workDir);
        }
    }

    private static void markKept(Path workDir) {
        try {
            if (Files.isDirectory(workDir)) {
                Files.writeString(workDir.resolve(KEEP_MARKER), "kept for inspection; delete when done\n");
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot mark " + workDir + " as kept", e);
        }
    }

    private static void stopQuietly(LocalServer server) {
        try {
            server.stop();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot stop the local " + server.name() + "; its log: "
                    + server.logFile(), e);
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot delete the local cloud's work directory " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "LocalCloud" + servers() + " in " + workDir;
    }
}
