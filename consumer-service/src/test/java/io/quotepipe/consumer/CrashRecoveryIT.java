package io.quotepipe.consumer;

import io.quotepipe.consumer.testing.LocalKafkaAndS3;
import io.quotepipe.consumer.testing.Quotes;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.runner.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.quotepipe.consumer.testing.BatchObjects.assertEveryOffsetExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built service ({@code target/quarkus-app}) as real processes on the local cloud, stopped by SIGTERM,
 * killed by SIGKILL, restarted, and run as two instances of one group. Each test has its own topic and group.
 */
class CrashRecoveryIT {

    static final Path APP = Path.of(System.getProperty("quotepipe.consumer.app", "target/quarkus-app")).toAbsolutePath();
    static final Path LOGS = APP.getParent().resolve("it-logs");
    static final Duration WAIT = Duration.ofSeconds(120);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static LocalKafkaAndS3 local;
    final List<ServiceProcess> started = new ArrayList<>();
    final Map<ServiceProcess, Integer> ports = new HashMap<>();

    @BeforeAll
    static void connect() {
        local = new LocalKafkaAndS3(LocalCloud.shared());
    }

    @AfterAll
    static void disconnect() {
        local.close();
    }

    @AfterEach
    void stopServices() {
        started.forEach(s -> s.stop(Duration.ofSeconds(30)));
    }

    ServiceProcess start(String name, String topic, Map<String, String> settings) {
        int port = LocalKafkaAndS3.freePort();
        Map<String, String> env = new HashMap<>(local.cloud().environment());
        env.put("QUOTEPIPE_KAFKA_TOPIC", topic);
        env.put("QUOTEPIPE_CONSUMER_GROUP_ID", topic + "-group");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // A killed instance's partitions move after the session timeout: 6 s, the broker's minimum, not 45 s.
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        env.put("QUOTEPIPE_CONSUMER_RETRY_BACKOFF", "200ms");
        env.putAll(settings);
        ServiceProcess service = ServiceProcess.start(name, APP, env, LOGS.resolve(name + ".log"), Duration.ofSeconds(120));
        started.add(service);
        ports.put(service, port);
        return service;
    }

    /** A counter of the service's Prometheus metrics (summed over its tags). */
    double metric(ServiceProcess service, String name) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(service) + "/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(body);
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(2));
            }
            return sum;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String log(ServiceProcess service) {
        try {
            return Files.readString(service.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends quotes to every partition of {@code topic} until stopped. */
    static final class Stream implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        Stream(String topic, int partitions) {
            thread = Thread.ofPlatform().name("quote-stream").start(() -> {
                long i = 0;
                while (running.get()) {
                    for (int n = 0; n < 20; n++, i++) {
                        local.sendAsync(topic, (int) (i % partitions), Quotes.value(i));
                    }
                    local.flush();
                    try {
                        Thread.sleep(50); // a steady stream, not a burst
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
            local.flush();
        }
    }

    @Test
    void sigterm_writesAndCommitsEveryOpenBatch_beforeTheProcessExits() {
        String topic = "it-sigterm";
        local.createTopic(topic, 3);
        ServiceProcess service = start("sigterm", topic, Map.of("QUOTEPIPE_CONSUMER_MAX_AGE", "10m",
                "QUOTEPIPE_CONSUMER_IDLE_FLUSH", "0s"));
        for (int i = 0; i < 30; i++) {
            local.send(topic, i % 3, Quotes.value(i));
        }
        await("the service to read 30 records").atMost(WAIT).until(() -> metric(service, "quotepipe_consumer_records_in_total") >= 30);
        assertThat(local.objects(topic)).as("nothing is due before max-age (idle flush off)").isEmpty();

        service.stop(Duration.ofSeconds(60));

        assertThat(service.isAlive()).isFalse();
        assertThat(local.caughtUp(topic + "-group", topic, 3)).as("committed to the end").isTrue();
        assertEveryOffsetExactlyOnce(local.objects(topic), local.expectedOffsets(topic, 3, Set.of()));
        assertThat(log(service)).contains("closed by shutdown").contains("every batch is in S3 and committed");
    }

    @Test
    void aRedeliveredBatch_adoptsTheSameKeys_andLeavesTheirContentAsItWas() {
        String topic = "it-redeliver";
        local.createTopic(topic, 1);
        for (int i = 0; i < 120; i++) {
            local.send(topic, 0, Quotes.value(i));
        }
        Map<String, String> settings = Map.of("QUOTEPIPE_CONSUMER_MAX_RECORDS", "50", "QUOTEPIPE_CONSUMER_MAX_AGE", "3s");
        ServiceProcess first = start("redeliver-1", topic, settings);
        await("the first pass").atMost(WAIT).until(() -> local.caughtUp(topic + "-group", topic, 1));
        first.stop(Duration.ofSeconds(60));
        Map<String, byte[]> written = local.objects(topic);
        assertThat(written).hasSize(3);

        local.rewindGroup(topic + "-group", topic, 1);
        ServiceProcess second = start("redeliver-2", topic, settings);
        await("the replay").atMost(WAIT).until(() -> local.caughtUp(topic + "-group", topic, 1)
                && metric(second, "quotepipe_consumer_batches_adopted_total") >= 3);

        Map<String, byte[]> rewritten = local.objects(topic);
        assertThat(rewritten.keySet()).containsExactlyElementsOf(written.keySet());
        written.forEach((key, bytes) -> assertThat(rewritten.get(key)).as(key).isEqualTo(bytes));
    }

    @Test
    void sigkillInTheMiddleOfABatch_thenRestart_leavesEveryOffsetInExactlyOneObject() throws Exception {
        String topic = "it-sigkill";
        local.createTopic(topic, 3);
        Map<String, String> settings = Map.of("QUOTEPIPE_CONSUMER_MAX_RECORDS", "100", "QUOTEPIPE_CONSUMER_MAX_AGE", "1s");
        ServiceProcess first = start("sigkill-1", topic, settings);
        ServiceProcess second;
        try (Stream stream = new Stream(topic, 3)) {
            await("a few batches").atMost(WAIT).until(() -> local.keys(topic).size() >= 4);
            first.kill();
            int before = local.keys(topic).size();
            second = start("sigkill-2", topic, settings);
            await("the restarted service to write").atMost(WAIT).until(() -> local.keys(topic).size() > before + 3);
        }

        await("the catch-up").atMost(WAIT).until(() -> local.caughtUp(topic + "-group", topic, 3));

        assertEveryOffsetExactlyOnce(local.objects(topic), local.expectedOffsets(topic, 3, Set.of()));
        assertThat(log(second)).contains("batch →");
    }

    @Test
    void twoInstancesShareThePartitions_andWhenOneIsKilled_theOtherTakesOver_withNoLossAndNoDuplicate() throws Exception {
        String topic = "it-group";
        local.createTopic(topic, 4);
        Map<String, String> settings = Map.of("QUOTEPIPE_CONSUMER_MAX_RECORDS", "100", "QUOTEPIPE_CONSUMER_MAX_AGE", "1s");
        ServiceProcess a = start("group-a", topic, settings);
        ServiceProcess b = start("group-b", topic, settings);
        try (Stream stream = new Stream(topic, 4)) {
            await("both instances to write").atMost(WAIT)
                    .until(() -> metric(a, "quotepipe_consumer_batches_written_total") > 0
                            && metric(b, "quotepipe_consumer_batches_written_total") > 0);
            a.kill();
            double byB = metric(b, "quotepipe_consumer_batches_written_total");
            await("b to take over a's partitions").atMost(WAIT)
                    .until(() -> metric(b, "quotepipe_consumer_batches_written_total") > byB + 8);
        }

        await("the catch-up").atMost(WAIT).until(() -> local.caughtUp(topic + "-group", topic, 4));

        assertEveryOffsetExactlyOnce(local.objects(topic), local.expectedOffsets(topic, 4, Set.of()));
        assertThat(log(b)).contains("assigned");
    }
}
