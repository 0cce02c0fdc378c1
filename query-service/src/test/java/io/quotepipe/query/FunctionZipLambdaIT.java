package io.quotepipe.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.lambda.LambdaFunctionSpec;
import io.quotepipe.local.lambda.LambdaHost;
import io.quotepipe.query.testing.ReadmeData;
import io.quotepipe.query.testing.Seed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda package ({@code -Plambda}: {@code target/function.zip}) run as the {@code java21} runtime runs it, in
 * AWS's runtime interface client, answering API Gateway HTTP API events (payload 2.0) from the local cloud's DynamoDB.
 * Runs only in the {@code lambda} profile, which builds the package: {@code ./mvnw -pl query-service verify -Plambda}.
 */
class FunctionZipLambdaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "quotes-lambda-it";
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

    private static JsonNode get(String path, String query) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(FunctionZipLambdaIT.class.getResourceAsStream("/events/http-api-get-coin.json"));
        event.put("rawPath", path);
        event.put("rawQueryString", query);
        ((ObjectNode) event.get("requestContext").get("http")).put("path", path);
        return JSON.readTree(function.invoke(JSON.writeValueAsString(event)));
    }

    @Test
    void answersAnHttpApiEvent_withTheLatestQuoteOfACoin() throws Exception {
        JsonNode response = get("/api/coins/PEPE", "");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("body").asText()).contains("\"symbol\":\"PEPE\"", "\"priceUsd\":0.000000012345,");
    }

    @Test
    void answersABadParameter_with400() throws Exception {
        JsonNode response = get("/api/coins", "sort=volume");

        assertThat(response.get("statusCode").asInt()).isEqualTo(400);
        assertThat(response.get("body").asText()).contains("\"parameter\":\"sort\"");
    }
}
