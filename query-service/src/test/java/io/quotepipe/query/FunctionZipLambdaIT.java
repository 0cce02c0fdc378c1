package io.quotepipe.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.lambda.LambdaFunctionSpec;
import io.quotepipe.local.lambda.LambdaHost;
import io.quotepipe.query.testing.ReadmeData;
import io.quotepipe.query.testing.Seed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda package ({@code -Plambda}: {@code target/function.zip}) run as the {@code java21} runtime runs it, in
 * AWS's runtime interface client, answering the API Gateway HTTP API events (payload 2.0) of the repository's
 * {@code events/} directory, the ones the deployed API sends it (template.yaml's QueryApi, terraform's query module):
 * every endpoint from the local cloud's DynamoDB (dynalite), and the dashboard's files.
 * Runs only in the {@code lambda} profile, which builds the package: {@code ./mvnw -pl query-service -am verify -Plambda}.
 */
class FunctionZipLambdaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "quotes-lambda-it";
    private static final Path EVENTS = Path.of(System.getProperty("quotepipe.home", ".."), "events");
    private static LambdaHost function;

    @BeforeAll
    static void deploy() throws Exception {
        LocalCloud cloud = LocalCloud.shared();
        Seed.createTable(cloud.dynamoDbClient(), TABLE);
        Seed.of(ReadmeData.ANCHOR).writeTo(cloud.dynamoDbClient(), TABLE);
        Map<String, String> env = new LinkedHashMap<>(cloud.environment());
        env.put("QUOTEPIPE_DYNAMODB_TABLE", TABLE);
        Path zip = Path.of("target", "function.zip");
        assertThat(zip).as("built by the lambda profile").exists();
        function = LambdaHost.start(LambdaFunctionSpec.of("query-service", zip, Files.createTempDirectory("query-lambda-"))
                .withHandler(LambdaFunctionSpec.QUARKUS_HANDLER)
                .withMemoryMb(512)
                .withTimeout(Duration.ofSeconds(30))
                .withEnvironment(env));
    }

    @AfterAll
    static void undeploy() {
        if (function != null) {
            function.close();
        }
    }

    /** The API Gateway response (payload 2.0) to the event in {@code events/<file>}. */
    private record Response(int status, String contentType, String body) {
    }

    private static Response invoke(String file) throws Exception {
        Path event = EVENTS.resolve(file);
        assertThat(event).as("sample event").isRegularFile();
        JsonNode response = JSON.readTree(function.invoke(Files.readString(event)));
        String body = response.path("body").asText("");
        if (response.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        String contentType = "";
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            if (h.getKey().equalsIgnoreCase("content-type")) {
                contentType = h.getValue().asText();
            }
        }
        return new Response(response.path("statusCode").asInt(), contentType, body);
    }

    @Test
    void answersLatestQuotes_sortedAndLimitedAsAsked() throws Exception {
        Response r = invoke("http-api-latest-quotes.json");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).contains("\"sort\":\"change24h\"", "\"count\":2", "\"symbol\":\"BTC\"", "\"symbol\":\"ETH\"");
    }

    @Test
    void answersTheLatestQuoteOfACoin_withExactDecimals() throws Exception {
        Response r = invoke("http-api-coin.json");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"symbol\":\"PEPE\"", "\"priceUsd\":0.000000012345,");
    }

    @Test
    void answersACoinsHistory_oneQuotePerStep() throws Exception {
        Response r = invoke("http-api-history.json");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"symbol\":\"BTC\"", "\"step\":\"PT1H\"", "\"count\":3", "\"truncated\":false");
    }

    @Test
    void answersDailyCandles() throws Exception {
        Response r = invoke("http-api-candles.json");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"interval\":\"1d\"", "\"count\":2", "\"start\":\"2026-11-21T00:00:00.000Z\"");
    }

    @Test
    void answersABadParameter_with400NamingIt() throws Exception {
        Response r = invoke("http-api-bad-parameter.json");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"parameter\":\"sort\"");
    }

    @Test
    void servesTheDashboardPage_withItsScriptAndStyle() throws Exception {
        Response page = invoke("http-api-dashboard-page.json");
        Response script = invoke("http-api-dashboard-script.json");
        Response style = invoke("http-api-dashboard-style.json");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"dashboard.js\"", "href=\"dashboard.css\"");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
        assertThat(script.body()).isEqualTo(resource("META-INF/resources/dashboard.js"));
        assertThat(style.status()).isEqualTo(200);
        assertThat(style.contentType()).startsWith("text/css");
        assertThat(style.body()).isEqualTo(resource("META-INF/resources/dashboard.css"));
    }

    private static String resource(String path) throws Exception {
        return Files.readString(Path.of("src", "main", "resources").resolve(path));
    }
}
