package io.quotepipe.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.consumer.testing.LocalKafkaAndS3;
import io.quotepipe.consumer.testing.Quotes;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.faults.TcpProxy;
import io.quotepipe.local.runner.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.quotepipe.consumer.testing.BatchObjects.assertEveryOffsetExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stalled former owner against the new owner (issue #13 part 1), with two consumer processes of one group on the
 * local cloud: the first one's S3 traffic goes through a {@link TcpProxy} that holds its put in flight until the
 * group, having heard no poll from it within {@code max.poll.interval.ms}, gives its partition to the second one,
 * which writes and commits. Then the held put is let through.
 */
class FencingIT {

    static final Path APP = Path.of(System.getProperty("quotepipe.consumer.app", "target/quarkus-app")).toAbsolutePath();
    static final Path LOGS = APP.getParent().resolve("it-logs");
    static final Duration WAIT = Duration.ofSeconds(120);

    static LocalKafkaAndS3 local;
    final List<ServiceProcess> started = new ArrayList<>();
    final List<TcpProxy> proxies = new ArrayList<>();

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
        proxies.forEach(TcpProxy::release);
        started.forEach(s -> s.stop(Duration.ofSeconds(30)));
        proxies.forEach(TcpProxy::close);
    }

    ServiceProcess start(String name, String topic, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(local.cloud().environment());
        env.put("QUOTEPIPE_KAFKA_TOPIC", topic);
        env.put("QUOTEPIPE_CONSUMER_GROUP_ID", topic + "-group");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(LocalKafkaAndS3.freePort()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        // The group gives up on a member that has not polled for 8 s: the stall this test makes.
        env.put("KAFKA_MAX_POLL_INTERVAL_MS", "8000");
        env.put("QUOTEPIPE_CONSUMER_RETRY_BACKOFF", "200ms");
        env.put("QUOTEPIPE_CONSUMER_MAX_AGE", "1s");
        env.putAll(settings);
        ServiceProcess service = ServiceProcess.start(name, APP, env, LOGS.resolve(name + ".log"), WAIT);
        started.add(service);
        return service;
    }

    static String log(ServiceProcess service) {
        try {
            return Files.readString(service.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aLatePutByAStalledFormerOwner_neverReplacesTheNewOwnersObject_andItsFailedCommitAlerts() {
        String topic = "it-fence";
        String group = topic + "-group";
        local.createTopic(topic, 1);
        local.drainAlerts();
        TcpProxy s3 = TcpProxy.to(local.cloud().endpoints().s3().getPort());
        proxies.add(s3);
        String viaProxy = "http://127.0.0.1:" + s3.port();
        ServiceProcess stalled = start("fence-stalled", topic, Map.of("AWS_ENDPOINT_URL_S3", viaProxy,
                "QUARKUS_S3_ENDPOINT_OVERRIDE", viaProxy, "QUOTEPIPE_CONSUMER_MAX_RECORDS", "10",
                "QUOTEPIPE_S3_PUT_TIMEOUT", "120s"));
        await("the first instance to own the partition").atMost(WAIT).until(() -> log(stalled).contains("assigned ["));
        ServiceProcess next = start("fence-next", topic, Map.of("QUOTEPIPE_CONSUMER_MAX_RECORDS", "50"));

        s3.hold();
        for (int i = 0; i < 50; i++) {
            local.sendAsync(topic, 0, Quotes.value(i));
        }
        local.flush();
        await("the first instance's put of offsets 0..9 to be in flight, held").atMost(WAIT).until(() -> s3.held() > 0);
        await("the group to move the partition, and the second instance to write 0..49 and commit 50").atMost(WAIT)
                .until(() -> local.committed(group, topic).getOrDefault(0, 0L) == 50L);
        assertThat(local.keys(topic)).hasSize(1);

        s3.release();
        await("the stalled instance to finish its put and try its commit").atMost(WAIT)
                .until(() -> log(stalled).contains("rebalanced without this instance"));

        assertEveryOffsetExactlyOnce(local.objects(topic), local.expectedOffsets(topic, 1, Set.of()));
        assertThat(local.committed(group, topic)).containsEntry(0, 50L);
        List<JsonNode> alerts = new ArrayList<>();
        await("an alert for the refused commit").atMost(WAIT).until(() -> {
            alerts.addAll(local.drainAlerts());
            return alerts.stream().anyMatch(a -> a.path("kind").asText().equals("commit-refused")
                    && a.path("context").path("topic").asText().equals(topic));
        });
        // The new owner wrote 0..49 itself: in one put ("batch →"), or, when the SDK retried a put whose first attempt S3
        // had stored (a slow answer on a loaded machine), by adopting its own object at the retry's 412.
        assertThat(log(next)).containsAnyOf("batch →", "already holds offsets 0..49 (an earlier attempt's or another owner's); adopted");
    }
}
