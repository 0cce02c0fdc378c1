package io.quotepipe.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover on the pipeline as {@code ./quotepipe up} runs it, with the deployed default's keyless
 * providers first: {@code QUOTEPIPE_PROVIDERS=coinpaprika,coinlore,livecoinwatch,simulated}. CoinPaprika
 * and CoinLore are a local stub serving their recorded shapes (the only thing stubbed: the built poller
 * runs in AWS's runtime client, with the real Kafka broker, S3, SNS and DynamoDB emulators); LiveCoinWatch
 * is a URL where nothing listens. CoinPaprika down fails over to CoinLore; CoinLore down too fails over
 * through LiveCoinWatch to the simulated market; the pipeline keeps loading DynamoDB, and each alert is on
 * the SNS topic, read back through the SQS queue subscribed to it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PollerFailoverIT {

    static final String FAKE_KEY = "lcw-fake-key-for-the-failover-it-8d2c41";
    static final Instant ZERO = Instant.parse("2026-11-21T18:00:00Z");
    static final Instant FIRST = Instant.parse("2026-11-21T18:05:00Z");
    static final Instant SECOND = FIRST.plusSeconds(300);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path RECORDED = RunningPipeline.ROOT.resolve("poller-function/src/test/resources/providers");

    static RunningPipeline running;
    static LocalCloud cloud;
    static Pipeline pipeline;
    static HttpServer providers;
    /** What the stub answers, per path: a status and a body. */
    static final Map<String, Answer> answers = new ConcurrentHashMap<>();

    record Answer(int status, String contentType, String body) {
    }

    @BeforeAll
    static void startPipeline() throws IOException {
        providers = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        providers.createContext("/", PollerFailoverIT::answer);
        providers.start();
        String stub = "http://127.0.0.1:" + providers.getAddress().getPort();
        running = RunningPipeline.start(LocalCloudOptions.defaults(), "poller-failover", Map.of(
                "QUOTEPIPE_PROVIDERS", "coinpaprika,coinlore,livecoinwatch,simulated",
                "QUOTEPIPE_COINPAPRIKA_URL", stub,
                "QUOTEPIPE_COINLORE_URL", stub,
                "QUOTEPIPE_LIVECOINWATCH_URL", "http://127.0.0.1:" + closedPort() + "/",
                "QUOTEPIPE_LIVECOINWATCH_API_KEY", FAKE_KEY,
                "QUOTEPIPE_ALERTS_WINDOW", "0s", // every failover alert is sent, none folded into the next
                "QUOTEPIPE_CONSUMER_MAX_AGE", "1s"));
        cloud = running.cloud;
        pipeline = running.pipeline;
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
        if (providers != null) {
            providers.stop(0);
        }
    }

    @Test
    @Order(1)
    void aPollWithCoinPaprikaDown_failsOverToCoinLore_andTheAlertIsOnTheSnsTopic() throws Exception {
        answers.put("/v1/tickers", new Answer(503, "text/html", "<html><body><h1>503 Service Unavailable</h1></body></html>"));
        answers.put("/api/tickers/", coinLoreObservedNow());

        JsonNode summary = pipeline.poll(ZERO);

        assertThat(summary.path("provider").asText()).isEqualTo("coinlore");
        assertThat(summary.path("published").asInt()).isEqualTo(10);
        assertThat(summary.path("failedProviders")).extracting(JsonNode::asText).containsExactly("coinpaprika");
        JsonNode notification = awaitAlert("local-" + ZERO.getEpochSecond());
        assertThat(notification.path("Subject").asText()).isEqualTo("[quotepipe] poller: provider-failover");
        JsonNode alert = JSON.readTree(notification.path("Message").asText());
        assertThat(alert.path("context").path("provider").asText()).isEqualTo("coinpaprika");
        assertThat(alert.path("context").path("usedProvider").asText()).isEqualTo("coinlore");
        assertThat(alert.path("message").asText()).contains("GET /v1/tickers?quotes=USD", "HTTP 503", "from coinlore");
    }

    @Test
    @Order(2)
    void aPollWithCoinLoreDownToo_failsOverThroughLiveCoinWatchToSimulated_andTheAlertNamesEachFailure() throws Exception {
        answers.put("/api/tickers/", new Answer(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"));

        JsonNode summary = pipeline.poll(FIRST);

        assertThat(summary.path("provider").asText()).isEqualTo("simulated");
        assertThat(summary.path("published").asInt()).isEqualTo(50);
        assertThat(summary.path("failedProviders")).extracting(JsonNode::asText)
                .containsExactly("coinpaprika", "coinlore", "livecoinwatch");

        JsonNode notification = awaitAlert("local-" + FIRST.getEpochSecond());
        assertThat(notification.path("Subject").asText()).isEqualTo("[quotepipe] poller: provider-failover");
        JsonNode alert = JSON.readTree(notification.path("Message").asText());
        assertThat(alert.path("component").asText()).isEqualTo("poller");
        assertThat(alert.path("context").path("provider").asText()).isEqualTo("coinpaprika");
        assertThat(alert.path("context").path("failedProviders").asText()).isEqualTo("coinpaprika,coinlore,livecoinwatch");
        assertThat(alert.path("context").path("usedProvider").asText()).isEqualTo("simulated");
        assertThat(alert.path("message").asText()).contains("HTTP 503", "HTTP 502", "livecoinwatch", "connection to 127.0.0.1:",
                "from simulated");
        assertThat(notification.toString()).doesNotContain(FAKE_KEY);
    }

    @Test
    @Order(3)
    void theNextPoll_failsOverAgain_andThePipelineKeepsLoading() {
        JsonNode summary = pipeline.poll(SECOND);

        assertThat(summary.path("provider").asText()).isEqualTo("simulated");
        await("the three polls in DynamoDB").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> historyItems() >= 110 || !running.failures.isEmpty());
        assertThat(running.failures).isEmpty();
        assertThat(btcHistory()).extracting(i -> i.get("sk").s())
                .contains("TS#2026-11-21T18:05:00.000Z#simulated", "TS#2026-11-21T18:10:00.000Z#simulated")
                .filteredOn(sk -> sk.endsWith("#coinlore")).hasSize(1);
        // Writes may repeat (S3 notifications are at least once, here as in AWS); items may not.
        assertThat(historyItems()).isEqualTo(110);
    }

    /** CoinLore's recorded page, observed now: {@code info.time} is the time of the answer, as the API sends it. */
    private static Answer coinLoreObservedNow() throws IOException {
        String recorded = Files.readString(RECORDED.resolve("coinlore/tickers.json"));
        return new Answer(200, "application/json",
                recorded.replaceFirst("\"time\":\\d+", "\"time\":" + Instant.now().getEpochSecond()));
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Answer a = answers.getOrDefault(exchange.getRequestURI().getPath(), new Answer(404, "text/plain", "no stub"));
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            exchange.sendResponseHeaders(a.status(), body.length);
            exchange.getResponseBody().write(body);
        }
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
