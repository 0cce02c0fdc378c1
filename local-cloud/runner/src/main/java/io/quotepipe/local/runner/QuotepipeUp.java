package io.quotepipe.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.LocalCloudOptions;

import io.quotepipe.local.support.ServerArgs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./quotepipe up}: the whole pipeline on this machine. Starts the local cloud, the consumer and
 * both functions, polls every {@code QUOTEPIPE_POLLER_INTERVAL} (default 10s here; 5 minutes in
 * production), and prints one line per stage. Ctrl-C stops everything it started. Its files (local.env,
 * logs) go to {@code QUOTEPIPE_WORK_DIR}, by default {@code .quotepipe/}.
 *
 * <p>{@code local.env} is written as soon as the cloud is up, and gets its last line {@value #READY_LINE} once the
 * whole pipeline is: a script waits for that line. An object put into the bucket before then is loaded all the same
 * (the cloud holds its ObjectCreated event until the loader registers). {@code --cloud-only} starts the local cloud
 * alone (for running one app by hand against it), with the same env file, ready as soon as the cloud is.
 */
public final class QuotepipeUp {

    /** The env file's last line once everything is up. */
    static final String READY_LINE = "QUOTEPIPE_READY=1";
    private static final String USAGE = "./quotepipe up [--cloud-only]";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final PrintStream OUT = System.out;

    private QuotepipeUp() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        boolean cloudOnly = ServerArgs.parse(args, USAGE, Set.of(), Set.of("--cloud-only")).flag("--cloud-only");
        try (var logging = QuotepipeUp.class.getResourceAsStream("/quotepipe-runner-logging.properties")) {
            java.util.logging.LogManager.getLogManager().readConfiguration(logging);
        }
        Path root = Path.of(System.getProperty("quotepipe.home", ".")).toAbsolutePath().normalize();
        Path work = root.resolve(System.getenv().getOrDefault("QUOTEPIPE_WORK_DIR", ".quotepipe"));
        Files.createDirectories(work);
        Path envFile = work.resolve("local.env");
        // A file left by an earlier run would say ready before this one is.
        Files.deleteIfExists(envFile);
        Map<String, String> settings = quotepipeVariables();
        Duration interval = interval(settings.getOrDefault("QUOTEPIPE_POLLER_INTERVAL", "10s"));
        // No max-age override: the consumer's idle flush writes a poll's batch within a second of its last quote.
        settings.putIfAbsent("QUOTEPIPE_QUERY_PORT", "8080");

        OUT.println("quotepipe: starting the local cloud (Kafka, dynalite for DynamoDB, S3 and SNS emulators) on 127.0.0.1 ...");
        LocalCloud cloud = LocalCloud.start(LocalCloudOptions.builder().workDir(work.resolve("cloud")).build());
        Pipeline pipeline = null;
        CountDownLatch stopped = new CountDownLatch(1);
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "schedule"));
        try {
            cloud.writeEnvFile(envFile);
            printEndpoints(cloud, envFile, root);
            if (cloudOnly) {
                markReady(envFile);
                OUT.printf("quotepipe: local cloud up in %.1f s (no apps: --cloud-only). Ctrl-C stops it.%n",
                        (System.nanoTime() - started) / 1e9);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    OUT.println("\nquotepipe: stopping ...");
                    cloud.close();
                    stopped.countDown();
                }, "quotepipe-stop"));
                stopped.await();
                return;
            }
            OUT.println("quotepipe: starting consumer-service, query-service, poller-function and s3-to-dynamo-function (logs in "
                    + root.relativize(work.resolve("logs")) + "/) ...");
            pipeline = Pipeline.start(cloud, root, work, settings, new Printer());
            OUT.printf("  dashboard %s/   API %s/api/coins   OpenAPI %s/q/openapi%n", pipeline.queryUrl(), pipeline.queryUrl(),
                    pipeline.queryUrl());
            pipeline.consumer().url().ifPresent(url -> OUT.printf("  consumer  %s/q/health   %s/q/metrics%n", url, url));
            markReady(envFile);
            OUT.printf("quotepipe: up in %.1f s; polling every %s. Ctrl-C stops everything.%n",
                    (System.nanoTime() - started) / 1e9, interval);
            Pipeline running = pipeline;
            // Fixed delay, not fixed rate: like EventBridge, a late tick is not made up for by a burst.
            schedule.scheduleWithFixedDelay(() -> {
                try {
                    running.poll(Instant.now());
                } catch (RuntimeException e) {
                    // printed by the listener; the next tick polls again, as EventBridge would
                }
            }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            Pipeline toClose = pipeline;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                OUT.println("\nquotepipe: stopping ...");
                schedule.shutdownNow();
                toClose.close();
                cloud.close();
                OUT.println("quotepipe: stopped; nothing left running.");
                stopped.countDown();
            }, "quotepipe-stop"));
            stopped.await();
        } catch (RuntimeException e) {
            schedule.shutdownNow();
            if (pipeline != null) {
                pipeline.close();
            }
            cloud.close();
            System.err.println("quotepipe: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Appends {@value #READY_LINE}: from now on every stage is up, the loader included. */
    static void markReady(Path envFile) throws IOException {
        Files.writeString(envFile, READY_LINE + System.lineSeparator(), StandardOpenOption.APPEND);
    }

    /** Every QUOTEPIPE_* variable of this process reaches the apps. */
    private static Map<String, String> quotepipeVariables() {
        Map<String, String> settings = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("QUOTEPIPE_") && !k.equals("QUOTEPIPE_READY")) {
                settings.put(k, v);
            }
        });
        return settings;
    }

    /** Accepts what Quarkus accepts for {@code quotepipe.poller.interval}: {@code 10s}, {@code 5m}, {@code PT1M}. */
    static Duration interval(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("QUOTEPIPE_POLLER_INTERVAL='" + text + "' is not an interval; use e.g. 10s, 1m or PT30S");
        }
    }

    private static void printEndpoints(LocalCloud cloud, Path envFile, Path root) {
        var e = cloud.endpoints();
        OUT.println("quotepipe: local cloud ready");
        OUT.printf("  Kafka     %s   topic %s%n", e.kafkaBootstrapServers(), e.kafkaTopic());
        OUT.printf("  S3        %s   bucket %s%n", e.s3(), e.bucket());
        OUT.printf("  DynamoDB  %s   table %s%n", e.dynamoDb(), e.table());
        OUT.printf("  SNS       %s   topic %s%n", e.sns(), e.alertsTopicArn());
        OUT.printf("  env file  %s   (set -a; . %s; set +a; it ends with %s once everything is up)%n",
                root.relativize(envFile), root.relativize(envFile), READY_LINE);
        OUT.println("  look inside:");
        OUT.printf("    kcat -b %s -t %s -C -o -5 -e%n", e.kafkaBootstrapServers(), e.kafkaTopic());
        OUT.printf("    aws --endpoint-url %s s3 ls s3://%s/quotes/ --recursive%n", e.s3(), e.bucket());
        OUT.printf("    aws --endpoint-url %s dynamodb query --table-name %s --key-condition-expression 'pk = :pk' "
                + "--expression-attribute-values '{\":pk\":{\"S\":\"COIN#BTC\"}}'%n", e.dynamoDb(), e.table());
    }

    /** One line a person reads per stage. */
    private static final class Printer implements Pipeline.Listener {

        @Override
        public void polled(JsonNode s) {
            StringBuilder failedOver = new StringBuilder();
            s.path("failedProviders").forEach(p -> failedOver.append(failedOver.isEmpty() ? ", failed over from " : ", ")
                    .append(p.asText()));
            line("poll  → %d quotes to Kafka (%s%s, %d skipped, %d ms)", s.path("published").asInt(), s.path("provider").asText(),
                    failedOver, s.path("skipped").asInt(), s.path("durationMs").asLong());
        }

        @Override
        public void loaded(JsonNode summaries) {
            for (JsonNode s : summaries) {
                line("batch → s3://%s/%s, %d lines", s.path("bucket").asText(), s.path("key").asText(), s.path("lines").asInt());
                line("load  → %d items into DynamoDB, %d candles and %d latest updated%s (%d ms)", s.path("items").asInt(),
                        s.path("candles").asInt(), s.path("latest").asInt(),
                        s.path("quarantined").asInt() > 0 ? ", " + s.path("quarantined").asInt() + " lines quarantined" : "",
                        s.path("durationMs").asLong());
            }
        }

        @Override
        public void failed(String stage, String message) {
            line("%-5s ✗ %s", stage, message);
        }

        private static void line(String format, Object... args) {
            OUT.println(LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(CLOCK) + " " + String.format(format, args));
        }
    }
}
