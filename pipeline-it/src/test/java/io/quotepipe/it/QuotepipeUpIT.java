package io.quotepipe.it;

import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * README's first command, run as a user runs it: {@code ./quotepipe up} prints its stages and
 * endpoints, writes them to local.env, an object put as soon as local.env exists (before the loader is up) is loaded
 * and local.env then says {@code QUOTEPIPE_READY=1}, Bitcoin's history grows with each poll, and stopping it
 * (SIGTERM, as Ctrl-C's SIGINT) leaves no process behind.
 */
class QuotepipeUpIT {

    static final Path ROOT = Path.of(System.getProperty("quotepipe.home", "..")).toAbsolutePath().normalize();
    static final Path WORK = ROOT.resolve("pipeline-it/target/quotepipe-up");

    static final Path OUTPUT = WORK.resolve("quotepipe-up.out");
    static final String EARLY_SYMBOL = "EARLY";
    /** Partition 9 does not exist: no batch of the consumer's has this key. */
    static final String EARLY_KEY = "quotes/dt=2026-11-21/hour=18/crypto-quotes-9-0000000000000000000.jsonl.gz";
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
        Files.deleteIfExists(WORK.resolve("local.env"));
        up = builder.start();

        // local.env appears when the cloud is up, seconds before the apps are: an object put then must be loaded too.
        await("local.env").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                .until(() -> !up.isAlive() || Files.exists(WORK.resolve("local.env")));
        Map<String, String> early = env();
        assertThat(early).as("local.env before the apps are up").doesNotContainKey("QUOTEPIPE_READY");
        putEarlyObject(early);
        assertThat(env()).as("the object was put before the pipeline was ready").doesNotContainKey("QUOTEPIPE_READY");
        await("QUOTEPIPE_READY=1 in local.env").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> !up.isAlive() || "1".equals(env().get("QUOTEPIPE_READY")));

        // The early object is loaded too; a poll's stages end with the load of a batch the consumer wrote.
        await("stages within 90 s").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> !up.isAlive() || output().stream().anyMatch(l -> l.contains("batch → ") && !l.contains(EARLY_KEY)));
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

        Map<String, String> env = env();
        assertThat(env).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_DYNAMODB",
                "AWS_ENDPOINT_URL_SNS", "QUOTEPIPE_S3_BUCKET", "QUOTEPIPE_DYNAMODB_TABLE", "QUOTEPIPE_ALERTS_TOPIC_ARN");
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_DYNAMODB"))).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            await("the object put before the loader was up, loaded").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> history(dynamo, env.get("QUOTEPIPE_DYNAMODB_TABLE"), EARLY_SYMBOL) == 1);
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

    private static Map<String, String> env() throws IOException {
        Path file = WORK.resolve("local.env");
        return !Files.exists(file) ? Map.of() : Files.readAllLines(file).stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
    }

    /** A one-quote batch object, as the consumer writes one, put with the endpoints of local.env. */
    private static void putEarlyObject(Map<String, String> env) throws IOException {
        Instant at = Instant.parse("2026-11-21T18:05:00Z");
        Quote quote = Quote.builder().source("simulated").symbol(EARLY_SYMBOL).name("Early coin").rank(99)
                .priceUsd(new BigDecimal("1.25")).observedAt(at).fetchedAt(at).pollId("early").build();
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write((QuoteJson.writeLine(quote, new KafkaCoordinates("crypto-quotes", 9, 0, at)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_S3")))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            s3.putObject(p -> p.bucket(env.get("QUOTEPIPE_S3_BUCKET"))
                    .key(EARLY_KEY),
                    RequestBody.fromBytes(gzip.toByteArray()));
        }
    }

    private static int history(DynamoDbClient dynamo, String table, String symbol) {
        return dynamo.query(q -> q.tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("COIN#" + symbol)))).count();
    }

    private static List<String> output() throws IOException {
        return Files.exists(OUTPUT) ? Files.readAllLines(OUTPUT, StandardCharsets.UTF_8) : List.of();
    }

    private static int btcHistory(DynamoDbClient dynamo, String table) {
        return dynamo.query(q -> q.tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("COIN#BTC")))).count();
    }
}
