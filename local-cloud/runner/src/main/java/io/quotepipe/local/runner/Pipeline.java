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
import java.util.HashMap;
import java.util.Map;

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

    /** Lambda retries a failed asynchronous invocation twice (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html). */
    static final int ASYNC_ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceProcess consumer;
    private final ServiceProcess query;
    private final LambdaHost poller;
    private final LambdaHost loader;
    private final Listener listener;

    private Pipeline(ServiceProcess consumer, ServiceProcess query, LambdaHost poller, LambdaHost loader, Listener listener) {
        this.consumer = consumer;
        this.query = query;
        this.poller = poller;
        this.loader = loader;
        this.listener = listener;
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
            Pipeline pipeline = new Pipeline(consumer, query, poller, loader, listener);
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

    /** An S3 notification: invoked asynchronously, as S3 invokes Lambda, with Lambda's retries. */
    private void objectCreated(String eventJson) {
        for (int attempt = 1; attempt <= ASYNC_ATTEMPTS; attempt++) {
            try {
                listener.loaded(JSON.readTree(loader.invoke(eventJson)));
                return;
            } catch (LambdaInvocationException | IOException e) {
                if (attempt == ASYNC_ATTEMPTS) {
                    listener.failed("load", e.getMessage() + " (after " + ASYNC_ATTEMPTS + " attempts; event: " + eventJson + ")");
                }
            }
        }
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
        try (query; loader; consumer; poller) {
            // nothing else to do
        }
    }
}
