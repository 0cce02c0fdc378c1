package io.quotepipe.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.LocalCloudOptions;
import io.quotepipe.local.faults.TcpProxy;
import io.quotepipe.local.runner.Pipeline;
import io.quotepipe.local.runner.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The chaos run: the whole local pipeline under a workload of fast polls and a trickle of hostile inputs, with
 * faults injected from outside the apps on a schedule derived from a seed, then a {@link Reconciliation} once it has
 * drained. The same seed gives the same faults in the same order with the same hostile inputs, so a failing run
 * can be replayed ({@code ./quotepipe chaos --seed S}); the timing around them is the machine's.
 *
 * <p>Faults are real: signals to the consumer processes and the Lambda runtime, the local cloud's own servers
 * stopped and started, TCP proxies ({@link TcpProxy}) between the apps and S3 and DynamoDB, a provider stub
 * switched to failing answers, S3 notifications delivered again in reverse order. Nothing is simulated inside the
 * apps.
 */
public final class ChaosRun {

    private static final Logger LOG = Logger.getLogger(ChaosRun.class.getName());

    /** The faults, each injected at least once per run. */
    public enum Fault {
        CONSUMER_KILLED, CONSUMER_TERMINATED, CONSUMER_ZOMBIE, CONSUMER_REBALANCE, KAFKA_RESTART, S3_DOWN, S3_SLOW,
        DYNAMODB_THROTTLING, LOADER_KILLED, EVENTS_REPLAYED, PROVIDER_FAILING, SNS_DOWN
    }

    /**
     * Alerts an operator needs for what the run does, as {@code component:kind}: a fault that heals by itself
     * (a broker restart, throttling that retries clear) needs none, and none is required.
     */
    static final Map<String, String> EXPECTED_ALERTS = Map.of(
            "provider failures", "poller:provider-failover",
            "S3 outage", "consumer:s3-write-failed",
            "hostile Kafka records", "consumer:dead-letter",
            "hostile lake objects", "loader:lines-quarantined");

    /** DynamoDB's answer when a table's capacity is exceeded (what the SDK retries, then the loader). */
    static final String THROTTLED = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
            + "\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}";

    /**
     * @param duration  how long the workload and the faults run (the drain comes after)
     * @param seed      what the schedule and the hostile inputs derive from
     * @param root      the repository root, where the apps are built
     * @param workDir   where logs and the report go
     * @param pollEvery the poll interval of the workload
     * @param drain     how long the pipeline may take to drain once the faults stop
     */
    public record Options(Duration duration, long seed, Path root, Path workDir, Duration pollEvery, Duration drain) {
        public Options {
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(pollEvery, "pollEvery");
            Objects.requireNonNull(drain, "drain");
        }
    }

    /** A fault of the schedule: what, and when after the start. */
    record Planned(Fault fault, Duration at) {
    }

    private final Options options;
    private final Random random;
    private final LocalCloud cloud;
    private final TcpProxy s3Proxy;
    private final TcpProxy dynamoProxy;
    private final ProviderStub provider;
    private final Map<String, String> env;
    private final Pipeline pipeline;
    private final AlertInbox alerts;
    private final List<ServiceProcess> consumers = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<Fault, Integer> injected = Collections.synchronizedMap(new EnumMap<>(Fault.class));
    private final AtomicInteger pollsOk = new AtomicInteger();
    private final AtomicInteger pollsFailed = new AtomicInteger();
    private final AtomicInteger hostileRecords = new AtomicInteger();
    private final AtomicInteger hostileObjects = new AtomicInteger();
    private final AtomicInteger twoContentKeys = new AtomicInteger();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chaos");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean workloadOn = true;
    private int consumerCount;

    private ChaosRun(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
        this.cloud = LocalCloud.start(LocalCloudOptions.builder().kafkaPartitions(3).build());
        this.s3Proxy = TcpProxy.to(cloud.s3().port());
        this.dynamoProxy = TcpProxy.to(cloud.dynamoDb().port());
        this.provider = ProviderStub.start(options.root().resolve("poller-function/src/test/resources/providers/livecoinwatch"),
                options.seed(), Duration.ofSeconds(5));
        this.env = environment();
        // The loader's events only (keys under quotes/, as the deployed filter passes): the pipeline panel's records
        // raise events too, and replaying those, or waiting on one, would not exercise the loader.
        cloud.onObjectCreated(event -> {
            if (Pipeline.passesLoaderFilter(event)) {
                events.add(event);
            }
        });
        this.pipeline = Pipeline.start(cloud, options.root(), options.workDir(), env, new Pipeline.Listener() {
            @Override
            public void polled(JsonNode summary) {
            }

            @Override
            public void loaded(JsonNode summaries) {
            }

            @Override
            public void failed(String stage, String message) {
                if (!stage.equals("poll")) { // failed polls are counted; a poll fails while Kafka is down
                    failures.add(stage + ": " + message);
                }
            }
        });
        consumers.add(pipeline.consumer());
        this.alerts = new AlertInbox(cloud.sqsClient(), cloud.endpoints().alertsQueueUrl());
    }

    /** Runs the whole thing and reports; every process it started is stopped when it returns. */
    public static ChaosReport run(Options options) {
        ChaosRun run = new ChaosRun(options);
        try {
            return run.execute();
        } finally {
            run.close();
        }
    }

    /** The apps' settings: S3 and DynamoDB through the proxies, LiveCoinWatch first, short timeouts and windows. */
    private Map<String, String> environment() {
        Map<String, String> e = new HashMap<>();
        e.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + s3Proxy.port());
        e.put("QUARKUS_S3_ENDPOINT_OVERRIDE", "http://127.0.0.1:" + s3Proxy.port());
        e.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + dynamoProxy.port());
        e.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", "http://127.0.0.1:" + dynamoProxy.port());
        e.put("QUOTEPIPE_PROVIDERS", "livecoinwatch,simulated");
        e.put("QUOTEPIPE_LIVECOINWATCH_URL", provider.uri().toString());
        e.put("QUOTEPIPE_LIVECOINWATCH_API_KEY", "fake-chaos-key-not-a-secret");
        e.put("QUOTEPIPE_HTTP_READ_TIMEOUT", "2s");
        e.put("QUOTEPIPE_HTTP_MAX_ATTEMPTS", "2");
        e.put("QUOTEPIPE_CONSUMER_MAX_AGE", "2s");
        e.put("QUOTEPIPE_ALERTS_WINDOW", "5s");
        // Lambda's async retries come 1 and 2 minutes after a failed load; scaled down so the drain fits the run,
        // still longer than any outage the run injects (15 s at most).
        e.put("QUOTEPIPE_LOCAL_LAMBDA_RETRY_DELAYS", "20s,40s");
        // A stalled consumer must lose its partitions within seconds, not the default 45 s.
        e.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        e.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        e.put("KAFKA_MAX_POLL_INTERVAL_MS", "10000");
        return e;
    }

    private ChaosReport execute() {
        List<Planned> plan = plan(options.duration(), options.seed());
        LOG.info(() -> "chaos: seed " + options.seed() + ", " + options.duration().toSeconds() + " s, plan " + plan);
        long start = System.nanoTime();
        background.execute(this::pollLoop);
        background.execute(this::hostileLoop);
        for (Planned p : plan) {
            waitUntil(start, p.at());
            inject(p.fault());
        }
        waitUntil(start, options.duration());
        workloadOn = false;
        restoreAll();
        LOG.info("chaos: " + twoContentKeys.get() + " observation keys were sent with two contents each");
        Report reconciliation = drain();
        Map<String, String> missing = new HashMap<>();
        Map<String, Integer> seen = alerts.byKind();
        EXPECTED_ALERTS.forEach((why, alert) -> {
            if (!seen.containsKey(alert)) {
                missing.put(why, alert);
            }
        });
        return new ChaosReport(options.seed(), options.duration(), new EnumMap<>(injected), pollsOk.get(), pollsFailed.get(),
                hostileRecords.get(), hostileObjects.get(), reconciliation, seen, missing, List.copyOf(failures));
    }

    /**
     * Every fault once, in an order the seed shuffles, spread over the first 85 % of the run so the last one
     * still has workload around it.
     */
    static List<Planned> plan(Duration duration, long seed) {
        List<Fault> order = new ArrayList<>(List.of(Fault.values()));
        Collections.shuffle(order, new Random(seed));
        long span = duration.toMillis() * 85 / 100;
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            plan.add(new Planned(order.get(i), Duration.ofMillis(span * i / order.size() + 3_000)));
        }
        return plan;
    }

    // The workload.

    private void pollLoop() {
        while (workloadOn) {
            long next = System.nanoTime() + options.pollEvery().toNanos();
            try {
                pipeline.poll(Instant.now());
                pollsOk.incrementAndGet();
            } catch (RuntimeException e) {
                pollsFailed.incrementAndGet();
            }
            pause(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
        }
    }

    private void hostileLoop() {
        java.util.Properties props = new java.util.Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
        Random hostileRandom = new Random(options.seed() * 31 + 7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int n = 0; workloadOn; n++) {
                Hostile.Case c = Hostile.CASES.get(hostileRandom.nextInt(Hostile.CASES.size()));
                try {
                    if (n % 2 == 0) {
                        producer.send(new ProducerRecord<>(cloud.endpoints().kafkaTopic(), "HOSTILE".getBytes(), c.bytes().apply(n)))
                                .get(30, TimeUnit.SECONDS);
                        hostileRecords.incrementAndGet();
                    } else {
                        putObject(Hostile.objectKey(n, Instant.now()), Hostile.object(n, c, 20, Instant.now()));
                        hostileObjects.incrementAndGet();
                    }
                } catch (Exception e) {
                    LOG.info("chaos: a hostile input could not be sent (" + e + "); the next one will");
                }
                if (n % 3 == 0) {
                    sendTwoContentsOfOneKey(producer, n);
                }
                pause(Duration.ofSeconds(4));
            }
        }
    }

    /**
     * One observation key with two contents, as Finnhub sends them when no trade happened between two polls (same
     * {@code t}, a later fetch, another price): the later fetch first, so that the lake holds the winner before the
     * loser more often than not. The reconciliation then finds in history, LATEST and the candles only the winner
     * (docs/design.md, "One key, two contents").
     */
    private void sendTwoContentsOfOneKey(KafkaProducer<byte[], byte[]> producer, int n) {
        Instant observed = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Quote first = Quote.builder().source("finnhub").symbol("CHAOSV")
                .name("Chaos versions").priceUsd(new BigDecimal(100 + n % 50)).observedAt(observed)
                .fetchedAt(observed.plusMillis(400)).pollId("chaos-" + n + "-a").build();
        Quote later = first.toBuilder().priceUsd(new BigDecimal(200 + n % 50))
                .fetchedAt(observed.plusSeconds(300)).pollId("chaos-" + n + "-b").build();
        try {
            for (Quote q : List.of(later, first)) {
                producer.send(new ProducerRecord<>(cloud.endpoints().kafkaTopic(), (q.symbol() + q.pollId()).getBytes(),
                        QuoteJson.write(q).getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
            twoContentKeys.incrementAndGet();
        } catch (Exception e) {
            LOG.info("chaos: a key with two contents could not be sent (" + e + "); the next one will");
        }
    }

    /** An outside writer's put, straight to the S3 emulator (not through the apps' proxy). */
    private void putObject(String key, byte[] bytes) {
        cloud.s3Client().putObject(b -> b.bucket(cloud.endpoints().bucket()).key(key), RequestBody.fromBytes(bytes));
    }

    // The faults.

    private void inject(Fault fault) {
        LOG.info("chaos: injecting " + fault);
        injected.merge(fault, 1, Integer::sum);
        try {
            switch (fault) {
                case CONSUMER_KILLED -> {
                    ServiceProcess victim = consumers.remove(0);
                    victim.kill();
                    startConsumer();
                }
                case CONSUMER_TERMINATED -> {
                    ServiceProcess victim = consumers.remove(0);
                    victim.stop(Duration.ofSeconds(30));
                    startConsumer();
                }
                case CONSUMER_ZOMBIE -> zombie();
                case CONSUMER_REBALANCE -> {
                    ServiceProcess joiner = startConsumer();
                    pause(Duration.ofSeconds(4));
                    consumers.remove(joiner);
                    joiner.stop(Duration.ofSeconds(30));
                }
                case KAFKA_RESTART -> {
                    cloud.kafka().stop();
                    pause(Duration.ofSeconds(8));
                    cloud.kafka().start();
                }
                case S3_DOWN -> {
                    s3Proxy.refuse();
                    pause(Duration.ofSeconds(15));
                    s3Proxy.pass();
                }
                case S3_SLOW -> {
                    s3Proxy.delay(Duration.ofMillis(400));
                    pause(Duration.ofSeconds(10));
                    s3Proxy.pass();
                }
                case DYNAMODB_THROTTLING -> {
                    dynamoProxy.answer(400, "application/x-amz-json-1.0", THROTTLED);
                    pause(Duration.ofSeconds(10));
                    dynamoProxy.pass();
                }
                case LOADER_KILLED -> loaderKilledMidObject();
                case EVENTS_REPLAYED -> replayEvents();
                case PROVIDER_FAILING -> {
                    for (ProviderStub.Answer a : List.of(ProviderStub.Answer.TIMEOUT, ProviderStub.Answer.TOO_MANY_REQUESTS,
                            ProviderStub.Answer.SERVER_ERROR, ProviderStub.Answer.HTML, ProviderStub.Answer.GARBAGE)) {
                        provider.answer(a);
                        int before = provider.requests();
                        awaitQuietly(Duration.ofSeconds(10), () -> provider.requests() > before);
                    }
                    provider.answer(ProviderStub.Answer.OK);
                }
                case SNS_DOWN -> {
                    cloud.sns().stop();
                    pause(Duration.ofSeconds(8));
                    cloud.sns().start();
                }
            }
        } catch (RuntimeException e) {
            failures.add("fault " + fault + " could not be injected: " + e);
        }
    }

    /**
     * The consumer that owns partitions stops (SIGSTOP) with whatever it has in flight, until the group gives its
     * partitions to another instance and that one commits; then it resumes (SIGCONT), as after a long GC pause.
     */
    private void zombie() {
        if (consumers.size() < 2) {
            startConsumer();
        }
        ServiceProcess zombie = consumers.get(0);
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> before = committed();
        signal("STOP", zombie.pid());
        try {
            awaitQuietly(Duration.ofSeconds(40), () -> groupMembers() == consumers.size() - 1);
            awaitQuietly(Duration.ofSeconds(20), () -> committedAdvanced(before));
        } finally {
            signal("CONT", zombie.pid());
        }
    }

    /** A load of a large object is under way when the Lambda runtime is killed (SIGKILL): Lambda runs it again. */
    private void loaderKilledMidObject() {
        Instant at = Instant.now();
        int n = 1_000_000 + random.nextInt(1000);
        dynamoProxy.delay(Duration.ofMillis(30));
        try {
            int eventsBefore = events.size();
            putObject(Hostile.objectKey(n, at), Hostile.object(n, Hostile.CASES.get(0), 3_000, at));
            awaitQuietly(Duration.ofSeconds(10), () -> events.size() > eventsBefore);
            pause(Duration.ofMillis(1500));
            signal("KILL", pipeline.loader().runtimePid());
        } finally {
            dynamoProxy.pass();
        }
    }

    /** The last few S3 notifications delivered again, newest first, each twice, while new ones keep coming. */
    private void replayEvents() {
        List<String> last = new ArrayList<>(events.subList(Math.max(0, events.size() - 5), events.size()));
        Collections.reverse(last);
        background.execute(() -> {
            for (String event : last) {
                for (int i = 0; i < 2; i++) {
                    try {
                        pipeline.loader().invoke(event);
                    } catch (RuntimeException e) {
                        failures.add("replayed event failed to load: " + e.getMessage());
                    }
                }
            }
        });
    }

    private ServiceProcess startConsumer() {
        Map<String, String> e = new HashMap<>(cloud.environment());
        e.putAll(env);
        e.put("QUARKUS_HTTP_PORT", "0");
        int n = ++consumerCount;
        ServiceProcess p = ServiceProcess.start("consumer-service", options.root().resolve("consumer-service/target/quarkus-app"), e,
                options.workDir().resolve("logs/consumer-service-" + n + ".log"), Duration.ofSeconds(90));
        consumers.add(p);
        return p;
    }

    // Back to normal, then drain.

    private void restoreAll() {
        provider.answer(ProviderStub.Answer.OK);
        s3Proxy.pass();
        dynamoProxy.pass();
        cloud.kafka().start();
        cloud.sns().start();
        consumers.forEach(c -> signal("CONT", c.pid()));
        if (consumers.stream().noneMatch(ServiceProcess::isAlive)) {
            startConsumer();
        }
    }

    private Report drain() {
        Reconciliation.Sources sources = new Reconciliation.Sources(cloud.endpoints().kafkaBootstrapServers(),
                cloud.endpoints().kafkaTopic(), cloud.endpoints().deadLetterTopic(), cloud.s3Client(), cloud.endpoints().bucket(),
                cloud.dynamoDbClient(), cloud.endpoints().table(), Duration.ofSeconds(60));
        long deadline = System.nanoTime() + options.drain().toNanos();
        Report last = Reconciliation.run(sources);
        while (!last.ok() && System.nanoTime() < deadline) {
            pause(Duration.ofSeconds(5));
            last = Reconciliation.run(sources);
        }
        return last;
    }

    // Helpers.

    private Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> committed() {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets("quotepipe-consumer").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private boolean committedAdvanced(Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> before) {
        return committed().entrySet().stream().anyMatch(e -> e.getValue() != null
                && (before.get(e.getKey()) == null || e.getValue().offset() > before.get(e.getKey()).offset()));
    }

    private int groupMembers() {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of("quotepipe-consumer")).all().get(10, TimeUnit.SECONDS)
                    .get("quotepipe-consumer").members().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** {@code kill -<signal> <pid>}: the signal comes from outside the process, as an operator's or the kernel's would. */
    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(long start, Duration at) {
        pause(Duration.ofNanos(Math.max(0, start + at.toNanos() - System.nanoTime())));
    }

    /** Waits for {@code condition}, at most {@code limit}; a fault goes on either way. */
    private static void awaitQuietly(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(250));
        }
    }

    /** The schedule's own pacing (how long a fault lasts): this is the fault, not a test waiting for a result. */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void close() {
        workloadOn = false;
        background.shutdownNow();
        alerts.close();
        for (ServiceProcess c : consumers) {
            if (c != pipeline.consumer()) {
                c.close();
            }
        }
        try (LocalCloud c = cloud; TcpProxy a = s3Proxy; TcpProxy b = dynamoProxy; ProviderStub s = provider; Pipeline p = pipeline) {
            // the pipeline first, then the stub, the proxies and the cloud under them
        }
    }
}
