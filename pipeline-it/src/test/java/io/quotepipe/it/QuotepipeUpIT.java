package io.quotepipe.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * README's first command, run as a user runs it: {@code ./quotepipe up} prints its stages and
 * endpoints, writes them to local.env, Bitcoin's history grows with each poll, and stopping it
 * (SIGTERM, as Ctrl-C's SIGINT) leaves no process behind.
 */
class QuotepipeUpIT {

    static final Path ROOT = Path.of(System.getProperty("quotepipe.home", "..")).toAbsolutePath().normalize();
    static final Path WORK = ROOT.resolve("pipeline-it/target/quotepipe-up");

    static final Path OUTPUT = WORK.resolve("quotepipe-up.out");
    Process up;

    @AfterEach
    void stop() throws InterruptedException {
        if (up != null && up.isAlive()) {
            up.destroyForcibly().waitFor();
        }
    }

    @Test
    void upPrintsEveryStage_historyGrowsWithEachPoll_andStopLeavesNothingRunning() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("quotepipe").toString(), "up")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(OUTPUT.toFile());
        builder.environment().put("QUOTEPIPE_NO_BUILD", "1"); // the reactor has just built it
        builder.environment().put("QUOTEPIPE_WORK_DIR", ROOT.relativize(WORK).toString());
        builder.environment().put("QUOTEPIPE_POLLER_INTERVAL", "3s");
        builder.environment().put("QUOTEPIPE_CONSUMER_MAX_AGE", "1s");
        builder.environment().put("QUOTEPIPE_QUERY_PORT", "0");
        Files.createDirectories(WORK);
        up = builder.start();

        await("stages within 90 s").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> !up.isAlive() || has("load  → "));
        List<String> output = output();
        assertThat(up.isAlive()).as("quotepipe up is running; output:%n%s", String.join("\n", output)).isTrue();
        assertThat(output).anySatisfy(l -> assertThat(l).matches("\\d\\d:\\d\\d:\\d\\d poll  → 50 quotes to Kafka \\(simulated, .*"));
        assertThat(output).anySatisfy(l -> assertThat(l).matches("\\d\\d:\\d\\d:\\d\\d batch → s3://quotepipe-quotes/quotes/dt=.*\\.jsonl\\.gz, \\d+ lines"));
        assertThat(output).anySatisfy(l -> assertThat(l).contains("DynamoDB  http://127.0.0.1:"));

        String dashboard = output.stream().filter(l -> l.startsWith("  dashboard ")).findFirst().orElseThrow()
                .replaceAll("^  dashboard (\\S+)/ .*", "$1");
        HttpResponse<String> coins = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(dashboard + "/api/coins")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(coins.statusCode()).isEqualTo(200);
        assertThat(coins.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(coins.body()).as("the loader's latest snapshot, served by the query service").contains("\"symbol\":\"BTC\"");

        Map<String, String> env = Files.readAllLines(WORK.resolve("local.env")).stream()
                .filter(l -> l.contains("=")).collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        assertThat(env).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_DYNAMODB",
                "AWS_ENDPOINT_URL_SNS", "QUOTEPIPE_S3_BUCKET", "QUOTEPIPE_DYNAMODB_TABLE", "QUOTEPIPE_ALERTS_TOPIC_ARN");
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_DYNAMODB"))).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            int first = btcHistory(dynamo, env.get("QUOTEPIPE_DYNAMODB_TABLE"));
            assertThat(first).isPositive();
            await("a later poll to add to Bitcoin's history").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> btcHistory(dynamo, env.get("QUOTEPIPE_DYNAMODB_TABLE")) > first);
        }

        List<ProcessHandle> started = up.descendants().toList();
        assertThat(started).as("the local cloud's servers and the apps").hasSizeGreaterThanOrEqualTo(7);
        up.destroy(); // SIGTERM: the same clean stop as Ctrl-C

        await("quotepipe up to stop").atMost(Duration.ofSeconds(60)).until(() -> !up.isAlive());
        assertThat(output()).contains("quotepipe: stopped; nothing left running.");
        await("every process it started to be gone").atMost(Duration.ofSeconds(15))
                .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static boolean has(String text) throws IOException {
        return output().stream().anyMatch(l -> l.contains(text));
    }

    private static List<String> output() throws IOException {
        return Files.exists(OUTPUT) ? Files.readAllLines(OUTPUT, StandardCharsets.UTF_8) : List.of();
    }

    private static int btcHistory(DynamoDbClient dynamo, String table) {
        return dynamo.query(q -> q.tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("COIN#BTC")))).count();
    }
}
