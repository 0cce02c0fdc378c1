package io.quotepipe.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.LocalCloudOptions;
import io.quotepipe.local.runner.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #3's "done when", automated: the pipeline as {@code ./quotepipe up} runs it, with
 * {@code QUOTEPIPE_PROVIDERS=livecoinwatch,simulated} and a LiveCoinWatch URL where nothing listens.
 * Each poll fails over to the simulated market, the pipeline keeps loading DynamoDB, and the alert is
 * on the SNS topic, read back through the SQS queue subscribed to it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PollerFailoverIT {

    static final String FAKE_KEY = "lcw-fake-key-for-the-failover-it-8d2c41";
    static final Instant FIRST = Instant.parse("2026-11-21T18:05:00Z");
    static final Instant SECOND = FIRST.plusSeconds(300);
    static final ObjectMapper JSON = new ObjectMapper();

    static RunningPipeline running;
    static LocalCloud cloud;
    static Pipeline pipeline;

    @BeforeAll
    static void startPipeline() throws IOException {
        running = RunningPipeline.start(LocalCloudOptions.defaults(), "poller-failover", Map.of(
                "QUOTEPIPE_PROVIDERS", "livecoinwatch,simulated",
                "QUOTEPIPE_LIVECOINWATCH_URL", "http://127.0.0.1:" + closedPort() + "/",
                "QUOTEPIPE_LIVECOINWATCH_API_KEY", FAKE_KEY,
                "QUOTEPIPE_CONSUMER_MAX_AGE", "1s"));
        cloud = running.cloud;
        pipeline = running.pipeline;
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    @Order(1)
    void aPollWithLiveCoinWatchDown_failsOverToSimulated_andTheAlertIsOnTheSnsTopic() throws Exception {
        JsonNode summary = pipeline.poll(FIRST);

        assertThat(summary.path("provider").asText()).isEqualTo("simulated");
        assertThat(summary.path("published").asInt()).isEqualTo(50);
        assertThat(summary.path("failedProviders")).extracting(JsonNode::asText).containsExactly("livecoinwatch");

        JsonNode notification = awaitAlert("local-" + FIRST.getEpochSecond());
        assertThat(notification.path("Subject").asText()).isEqualTo("[quotepipe] poller: provider-failover");
        JsonNode alert = JSON.readTree(notification.path("Message").asText());
        assertThat(alert.path("component").asText()).isEqualTo("poller");
        assertThat(alert.path("context").path("provider").asText()).isEqualTo("livecoinwatch");
        assertThat(alert.path("context").path("usedProvider").asText()).isEqualTo("simulated");
        assertThat(alert.path("message").asText()).contains("livecoinwatch", "connection to 127.0.0.1:", "from simulated");
        assertThat(notification.toString()).doesNotContain(FAKE_KEY);
    }

    @Test
    @Order(2)
    void theNextPoll_failsOverAgain_andThePipelineKeepsLoading() {
        JsonNode summary = pipeline.poll(SECOND);

        assertThat(summary.path("provider").asText()).isEqualTo("simulated");
        await("both polls in DynamoDB").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> running.itemsLoaded() >= 100 || !running.failures.isEmpty());
        assertThat(running.failures).isEmpty();
        assertThat(btcHistory()).extracting(i -> i.get("sk").s()).containsExactly(
                "TS#2026-11-21T18:05:00.000Z#simulated", "TS#2026-11-21T18:10:00.000Z#simulated");
        // Writes may repeat (S3 notifications are at least once, here as in AWS); items may not.
        assertThat(historyItems()).isEqualTo(100);
    }

    private static long historyItems() {
        return cloud.dynamoDbClient().scanPaginator(s -> s.tableName(cloud.endpoints().table())).items().stream()
                .filter(i -> i.get("pk").s().startsWith("COIN#")).count();
    }

    private static List<Map<String, AttributeValue>> btcHistory() {
        return cloud.dynamoDbClient().query(q -> q.tableName(cloud.endpoints().table())
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(DynamoKeys.historyPk("BTC"))))).items();
    }

    /** The SNS notification of the alert about {@code pollId}, from the queue subscribed to the topic. */
    private static JsonNode awaitAlert(String pollId) throws IOException {
        List<JsonNode> received = new ArrayList<>();
        await("the failover alert on the SNS topic").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Message m : cloud.sqsClient().receiveMessage(r -> r.queueUrl(cloud.endpoints().alertsQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                received.add(JSON.readTree(m.body()));
            }
            return received.stream().anyMatch(n -> n.path("Message").asText().contains(pollId));
        });
        return received.stream().filter(n -> n.path("Message").asText().contains(pollId)).findFirst().orElseThrow();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
