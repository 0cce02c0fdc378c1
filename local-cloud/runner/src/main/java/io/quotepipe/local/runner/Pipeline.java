package io.quotepipe.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.lambda.LambdaFunctionSpec;
import io.quotepipe.local.lambda.LambdaHost;
import io.quotepipe.local.lambda.LambdaInvocationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The three apps on top of a {@link LocalCloud}, wired as AWS wires them: the poller and the loader
 * run as Lambda functions in AWS's own Java runtime client (from their {@code function.zip}), the
 * consumer as a long-running service, and every S3 ObjectCreated notification invokes the loader.
 * The schedule is the caller's: {@link #poll(Instant)} is what one EventBridge tick does.
 */
public final class Pipeline implements AutoCloseable {

    /** What each stage did, for the runner's output and for tests. */
    public interface Listener {
        void polled(JsonNode summary);

        void loaded(JsonNode summaries);

        void failed(String stage, String message);
    }

    /**
     * Lambda retries a failed asynchronous invocation twice, one minute after the first attempt and two minutes after
     * the second (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html): an S3 or
     * DynamoDB outage shorter than that loses no load. {@code QUOTEPIPE_LOCAL_LAMBDA_RETRY_DELAYS} (e.g. {@code 15s,30s})
     * scales the delays down for runs that cannot wait minutes; their number stays two.
     */
    static final List<Duration> LAMBDA_RETRY_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));
    static final int ASYNC_ATTEMPTS = LAMBDA_RETRY_DELAYS.size() + 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(Pipeline.class.getName());

    private final ServiceProcess consumer;
    private final ServiceProcess query;
    private final LambdaHost poller;
    private final LambdaHost loader;
    private final Listener listener;
    private final List<Duration> retryDelays;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-lambda-async-retries");
        t.setDaemon(true);
        return t;
    });

    private Pipeline(ServiceProcess consumer, ServiceProcess query, LambdaHost poller, LambdaHost loader, Listener listener,
            List<Duration> retryDelays) {
        this.consumer = consumer;
        this.query = query;
        this.poller = poller;
        this.loader = loader;
        this.listener = listener;
        this.retryDelays = retryDelays;
    }

    /**
     * Starts the consumer, both functions and the query service against {@code cloud}.
     *
     * @param root      the repository root (where the apps are built)
     * @param workDir   where logs and the functions' task directories go
     * @param overrides environment given to every app on top of the cloud's endpoints (QUOTEPIPE_* settings);
     *                  {@code QUOTEPIPE_QUERY_PORT} is the query service's port (default 0: any free one)
     */
    public static Pipeline start(LocalCloud cloud, Path root, Path workDir, Map<String, String> overrides, Listener listener) {
        Map<String, String> env = new HashMap<>(cloud.environment());
        env.putAll(overrides);
        env.putIfAbsent("QUOTEPIPE_PROVIDERS", "simulated"); // the deployed default asks public APIs; this machine is offline
        Map<String, String> consumerEnv = new HashMap<>(env);
        consumerEnv.put("QUARKUS_HTTP_PORT", "0"); // health and metrics, on any free port
        ServiceProcess consumer = ServiceProcess.start("consumer-service",
                root.resolve("consumer-service/target/quarkus-app"), consumerEnv, workDir.resolve("logs/consumer-service.log"),
                Duration.ofSeconds(60));
        ServiceProcess query = null;
        LambdaHost poller = null;
        try {
            Map<String, String> queryEnv = new HashMap<>(env);
            queryEnv.put("QUARKUS_HTTP_PORT", env.getOrDefault("QUOTEPIPE_QUERY_PORT", "0"));
            query = ServiceProcess.start("query-service", root.resolve("query-service/target/quarkus-app"), queryEnv,
                    workDir.resolve("logs/query-service.log"), Duration.ofSeconds(60));
            poller = LambdaHost.start(function("poller-function", root, workDir, env).withTimeout(Duration.ofSeconds(60)));
            LambdaHost loader = LambdaHost.start(function("s3-to-dynamo-function", root, workDir, env)
                    .withTimeout(Duration.ofSeconds(120)).withMemoryMb(1024));
            Pipeline pipeline = new Pipeline(consumer, query, poller, loader, listener,
                    retryDelays(env.get("QUOTEPIPE_LOCAL_LAMBDA_RETRY_DELAYS")));
            cloud.onObjectCreated(pipeline::objectCreated);
            return pipeline;
        } catch (RuntimeException e) {
            if (poller != null) {
                poller.close();
            }
            if (query != null) {
                query.close();
            }
            consumer.close();
            throw e;
        }
    }

    private static LambdaFunctionSpec function(String module, Path root, Path workDir, Map<String, String> env) {
        return LambdaFunctionSpec.of(module, root.resolve(module).resolve("target/function.zip"), workDir.resolve("lambda"))
                .withMemoryMb(512)
                .withEnvironment(env)
                .withLogFile(workDir.resolve("logs/" + module + ".log"));
    }

    /**
     * One EventBridge tick: invokes the poller with the Scheduled Event of {@code scheduledAt}, as
     * the rule {@code rate(...)} would.
     *
     * @return the poll summary
     * @throws LambdaInvocationException when the poll failed
     */
    public JsonNode poll(Instant scheduledAt) {
        Instant time = scheduledAt.truncatedTo(ChronoUnit.SECONDS);
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", "local-" + time.getEpochSecond())
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("account", "000000000000")
                .put("time", time.toString())
                .put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:000000000000:rule/quotepipe-poll-schedule");
        event.putObject("detail");
        try {
            JsonNode summary = JSON.readTree(poller.invoke(event.toString()));
            listener.polled(summary);
            return summary;
        } catch (LambdaInvocationException e) {
            listener.failed("poll", e.getMessage());
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("the poller answered something that is not JSON", e);
        }
    }

    /**
     * The prefix of the deployed notification's filter (template.yaml's LoaderFunction event, terraform's
     * {@code aws_s3_bucket_notification}): only batch objects invoke the loader, never what the stages write beside them
     * (quarantine/, status/, dead-letters/, alerts/).
     */
    static final String LOADER_PREFIX = "quotes/";

    /**
     * An S3 notification: invoked asynchronously, as S3 invokes Lambda, with Lambda's retries and their delays; only when
     * it is for an object the deployed notification's filter passes ({@link #passesLoaderFilter}).
     */
    private void objectCreated(String eventJson) {
        if (!passesLoaderFilter(eventJson)) {
            return;
        }
        attempt(eventJson, 1);
    }

    /**
     * Whether S3 would send this event to the loader: its object's key (URL-encoded in the event, as S3 sends it) starts
     * with {@link #LOADER_PREFIX}. S3 sends one record per event; an event with no record is passed to the loader, which
     * says what is wrong with it.
     */
    public static boolean passesLoaderFilter(String eventJson) {
        try {
            JsonNode records = JSON.readTree(eventJson).path("Records");
            if (!records.isArray() || records.isEmpty()) {
                return true;
            }
            for (JsonNode r : records) {
                String key = java.net.URLDecoder.decode(r.path("s3").path("object").path("key").asText(""),
                        java.nio.charset.StandardCharsets.UTF_8);
                if (key.startsWith(LOADER_PREFIX)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // not JSON: the loader reports it
        }
    }

    private void attempt(String eventJson, int attempt) {
        try {
            listener.loaded(JSON.readTree(loader.invoke(eventJson)));
        } catch (LambdaInvocationException | IOException e) {
            if (attempt == ASYNC_ATTEMPTS) {
                listener.failed("load", e.getMessage() + " (after " + ASYNC_ATTEMPTS + " attempts; event: " + eventJson + ")");
            } else {
                Duration delay = retryDelays.get(attempt - 1);
                LOG.info(() -> "the load failed (" + e.getMessage() + "); Lambda retries it in " + delay);
                retries.schedule(() -> attempt(eventJson, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IllegalStateException e) {
            // the host was closed: the pipeline is stopping
        }
    }

    /** {@code 15s,30s}: the two retry delays; unset: Lambda's own. */
    static List<Duration> retryDelays(String setting) {
        if (setting == null || setting.isBlank()) {
            return LAMBDA_RETRY_DELAYS;
        }
        List<Duration> delays = Arrays.stream(setting.split(",")).map(String::trim)
                .map(d -> Duration.parse("PT" + d.toUpperCase(java.util.Locale.ROOT))).toList();
        if (delays.size() != LAMBDA_RETRY_DELAYS.size() || delays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("QUOTEPIPE_LOCAL_LAMBDA_RETRY_DELAYS must be two durations such as 15s,30s, was '"
                    + setting + "'");
        }
        return delays;
    }

    public ServiceProcess consumer() {
        return consumer;
    }

    /** The query service and dashboard, e.g. {@code http://127.0.0.1:8080}. */
    public String queryUrl() {
        return query.url().orElseThrow(() -> new IllegalStateException("query-service reported no URL; see " + query.log()));
    }

    public LambdaHost poller() {
        return poller;
    }

    public LambdaHost loader() {
        return loader;
    }

    @Override
    public void close() {
        // Closed in reverse order, even if one fails: the poller, then the consumer (whose last flush
        // still reaches the loader), then the loader and the query service.
        retries.shutdownNow();
        try (query; loader; consumer; poller) {
            // nothing else to do
        }
    }
}
