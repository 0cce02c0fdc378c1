package io.quotepipe.poller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.quarkus.LocalCloudResource;
import io.quotepipe.poller.testing.AlertQueue;
import io.quotepipe.poller.testing.LogCapture;
import io.quotepipe.poller.testing.ProviderStub;
import io.quotepipe.poller.testing.ProviderStub.Answer;
import io.quotepipe.poller.testing.ProviderStubResource;
import io.quotepipe.poller.testing.TopicReader;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.quotepipe.poller.testing.ProviderStubResource.COINCAP_KEY;
import static io.quotepipe.poller.testing.ProviderStubResource.LCW_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The poller as Quarkus runs it (one boot): the Lambda handler invoked through the Lambda Runtime API
 * with the real EventBridge Scheduled Event, the in-service schedule, CDI wiring from configuration,
 * alerts to the local cloud's SNS, quotes to its Kafka broker, providers served by the stub.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = LocalCloudResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ProviderStubResource.class, restrictToAnnotatedClass = true)
class PollerFunctionIT {

    static final Path ROOT = Path.of(System.getProperty("quotepipe.home", "..")).toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    ProviderStub stub;
    TopicReader topic;
    AlertQueue alerts;
    LogCapture logs;

    @BeforeEach
    void setUp() {
        LocalCloud cloud = LocalCloud.shared();
        ProviderStubResource.answerGoodLists(stub);
        topic = new TopicReader(cloud.endpoints().kafkaBootstrapServers(), cloud.endpoints().kafkaTopic());
        alerts = new AlertQueue(cloud.sqsClient(), cloud.endpoints().alertsQueueUrl());
        logs = LogCapture.install();
    }

    @AfterEach
    void tearDown() {
        logs.close();
        topic.close();
    }

    @Test
    @Order(2)
    void theScheduledEventFixture_returnsTheSummary_onlyOnceEveryRecordIsOnKafka() throws Exception {
        String event = Files.readString(ROOT.resolve("events/scheduled-event.json"));

        HttpResponse<String> response = invoke(event);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode summary = JSON.readTree(response.body());
        assertThat(summary.path("pollId").asText()).isEqualTo("53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
        assertThat(summary.path("provider").asText()).isEqualTo("livecoinwatch");
        assertThat(summary.path("published").asInt()).isEqualTo(10);
        assertThat(summary.path("skipped").asInt()).isZero();
        assertThat(summary.path("durationMs").asLong()).isPositive();
        // Read at once, no waiting: the handler returned after the last acknowledgement.
        List<TopicReader.Record> records = topic.readNew("53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
        assertThat(records).hasSize(10).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(r.quote().symbol());
            assertThat(r.headers()).containsEntry("source", "livecoinwatch").containsEntry("schemaVersion", "1");
        });
        assertThat(stub.requests("/coins/list")).singleElement()
                .satisfies(r -> assertThat(r.header("x-api-key")).isEqualTo(LCW_KEY));
        assertThat(logs.containing("poll 53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa: 10 quotes from livecoinwatch to Kafka, 0 skipped")).hasSize(1);
    }

    @Test
    void aProviderRejectingItsKey_failsOverToTheNext_andTheKeyIsInNoLogLineNoAlertAndNoLakeRecord() throws Exception {
        stub.on("/coins/list", Answer.json(401, "livecoinwatch/error-401.json")); // its description echoes the key

        HttpResponse<String> response = invoke(event("it-key-rejected"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("provider").asText()).isEqualTo("coincap");
        assertThat(topic.readNew("it-key-rejected")).hasSize(10).allSatisfy(r -> assertThat(r.headers()).containsEntry("source", "coincap"));
        AlertQueue.Received alert = alerts.awaitFor("it-key-rejected");
        assertThat(alert.subject()).isEqualTo("[quotepipe] poller: provider-key-rejected");
        assertThat(alert.context("provider")).isEqualTo("livecoinwatch");
        assertThat(alert.body().path("message").asText()).contains("HTTP 401", "check its API key", "Missing or invalid API key: ****");
        assertThat(alert.notification()).doesNotContain(LCW_KEY).doesNotContain(COINCAP_KEY);
        assertThat(logs.containing("HTTP 401")).isNotEmpty();
        assertThat(logs.lines()).noneMatch(l -> l.contains(LCW_KEY) || l.contains(COINCAP_KEY));

        // The pipeline panel's records in the lake: the poll with its failover, and the alert.
        JsonNode poll = lakeJson(PollRecorder.KEY);
        assertThat(poll.path("pollId").asText()).isEqualTo("it-key-rejected");
        assertThat(poll.path("outcome").asText()).isEqualTo("published");
        assertThat(poll.path("provider").asText()).isEqualTo("coincap");
        assertThat(poll.path("quotes").asInt()).isEqualTo(10);
        assertThat(poll.path("polledAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(poll.path("failovers")).singleElement().satisfies(f -> {
            assertThat(f.path("provider").asText()).isEqualTo("livecoinwatch");
            assertThat(f.path("reason").asText()).contains("HTTP 401").doesNotContain("\n");
        });
        String recordedAlert = await("the alert recorded in the lake").atMost(Duration.ofSeconds(30)).until(
                () -> lakeKeys("alerts/").stream().filter(k -> k.contains("-poller-provider-key-rejected-")
                        && lakeText(k).contains("it-key-rejected")).findFirst().orElse(null), k -> k != null);
        assertThat(recordedAlert).startsWith("alerts/dt=");
        assertThat(lakeText(PollRecorder.KEY) + lakeText(recordedAlert)).doesNotContain(LCW_KEY).doesNotContain(COINCAP_KEY);
    }

    static JsonNode lakeJson(String key) throws Exception {
        return JSON.readTree(lakeText(key));
    }

    static String lakeText(String key) {
        LocalCloud cloud = LocalCloud.shared();
        return cloud.s3Client().getObjectAsBytes(g -> g.bucket(cloud.endpoints().bucket()).key(key)).asUtf8String();
    }

    static List<String> lakeKeys(String prefix) {
        LocalCloud cloud = LocalCloud.shared();
        return cloud.s3Client().listObjectsV2Paginator(b -> b.bucket(cloud.endpoints().bucket()).prefix(prefix)).contents()
                .stream().map(o -> o.key()).toList();
    }

    @Test
    void everyProviderFailing_failsTheInvocation() throws Exception {
        stub.on("/coins/list", Answer.text(500, "text/plain", "Internal Server Error"));
        stub.on("/v3/assets", Answer.html(502, "livecoinwatch/bad-gateway.html"));

        HttpResponse<String> response = invoke(event("it-all-failed"));

        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(response.body()).contains("every provider failed");
        assertThat(stub.requests("/coins/list")).hasSize(2);
        assertThat(stub.requests("/v3/assets")).hasSize(2);
        assertThat(topic.readNew("it-all-failed")).isEmpty();
        assertThat(alerts.awaitFor("it-all-failed").subject()).isEqualTo("[quotepipe] poller: all-providers-failed");
        JsonNode poll = lakeJson(PollRecorder.KEY);
        assertThat(poll.path("pollId").asText()).isEqualTo("it-all-failed");
        assertThat(poll.path("outcome").asText()).isEqualTo("failed");
        assertThat(poll.has("provider")).isFalse();
        assertThat(poll.path("failovers")).extracting(f -> f.path("provider").asText()).containsExactly("livecoinwatch", "coincap");
    }

    /** First, so that the schedule's poll at start is over before the other tests script the stub. */
    @Test
    @Order(1)
    void inServiceMode_theSchedulePollsAtStart_throughTheSamePollService() {
        LocalCloud cloud = LocalCloud.shared();
        List<TopicReader.Record> scheduled = new ArrayList<>();
        try (TopicReader all = new TopicReader(cloud.endpoints().kafkaBootstrapServers(), cloud.endpoints().kafkaTopic(), true)) {
            await("the first scheduled poll").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                all.readNew().stream().filter(r -> r.pollId().startsWith("scheduled-")).forEach(scheduled::add);
                return !scheduled.isEmpty();
            });
        }
        assertThat(scheduled).hasSize(10).allSatisfy(r -> assertThat(r.pollId()).matches("scheduled-\\d+"));
    }

    @Test
    void anSsmClient_isWired_forKeysInParameterStore() {
        // quotepipe.<provider>.api-key-parameter reads through it, lazily (Instance<SsmClient>): it must be a bean
        // even though no injection point names it directly.
        assertThat(Arc.container().select(SsmClient.class).isResolvable()).isTrue();
    }

    private static String event(String id) {
        return """
                {"version":"0","id":"%s","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012",
                 "time":"2026-11-21T18:10:00Z","region":"us-east-1",
                 "resources":["arn:aws:events:us-east-1:123456789012:rule/quotepipe-poll-schedule"],"detail":{}}
                """.formatted(id);
    }

    /** Through the Lambda Runtime API of Quarkus's test mode, as Lambda delivers an event. */
    private static HttpResponse<String> invoke(String event) throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_lambda_"))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
