package io.quotepipe.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.LocalCloudOptions;
import io.quotepipe.local.runner.Pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local cloud with the whole pipeline on it, as {@code ./quotepipe up} runs it, recording what each
 * stage reports. One per test class.
 */
final class RunningPipeline implements AutoCloseable, Pipeline.Listener {

    static final Path ROOT = Path.of(System.getProperty("quotepipe.home", "..")).toAbsolutePath().normalize();

    final LocalCloud cloud;
    final Pipeline pipeline;
    final List<JsonNode> polls = new CopyOnWriteArrayList<>();
    final List<JsonNode> loads = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    private RunningPipeline(LocalCloudOptions options, String name, Map<String, String> overrides) {
        this.cloud = LocalCloud.start(options);
        try {
            this.pipeline = Pipeline.start(cloud, ROOT, ROOT.resolve("pipeline-it/target").resolve(name), overrides, this);
        } catch (RuntimeException e) {
            cloud.close();
            throw e;
        }
    }

    /** Starts the cloud with {@code options} and the pipeline with {@code overrides} (QUOTEPIPE_* settings). */
    static RunningPipeline start(LocalCloudOptions options, String name, Map<String, String> overrides) {
        return new RunningPipeline(options, name, overrides);
    }

    /** Items the loader reported written so far. */
    int itemsLoaded() {
        return loads.stream().mapToInt(l -> l.path("items").asInt()).sum();
    }

    @Override
    public void polled(JsonNode summary) {
        polls.add(summary);
    }

    @Override
    public void loaded(JsonNode summaries) {
        summaries.forEach(loads::add);
    }

    @Override
    public void failed(String stage, String message) {
        failures.add(stage + ": " + message);
    }

    @Override
    public void close() {
        try (cloud; pipeline) {
            // the pipeline first, then the cloud under it
        }
    }
}
