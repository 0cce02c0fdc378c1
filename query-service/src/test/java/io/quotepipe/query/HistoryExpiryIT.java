package io.quotepipe.query;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteItems;
import io.quotepipe.core.Times;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.query.testing.LocalCloudResource;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * History items past their {@code expiresAt} are not served, although DynamoDB has not deleted them yet (its TTL runs
 * in the background, and the local DynamoDB has none at all). The items are written with the loader's layout.
 */
@QuarkusTest
@WithTestResource(LocalCloudResource.class)
class HistoryExpiryIT {

    @Test
    void leavesOutHistoryItemsWhoseExpiresAtHasPassed_butNotYetDeleted() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Quote expired = quote(now.minus(Duration.ofMinutes(90)), "1.10");
        Quote live = quote(now.minus(Duration.ofMinutes(30)), "1.30");
        Quote kept = quote(now.minus(Duration.ofMinutes(60)), "1.20");
        put(QuoteItems.history(expired, "k", Optional.of(Duration.ofHours(1)))); // expired 30 minutes ago
        put(QuoteItems.history(live, "k", Optional.of(Duration.ofHours(1))));    // expires in 30 minutes
        put(QuoteItems.history(kept, "k", Optional.empty()));                    // no retention: never expires

        for (String source : new String[] {null, "coincap"}) {
            var request = given().queryParam("from", Times.format(now.minus(Duration.ofHours(2))))
                    .queryParam("to", Times.format(now));
            if (source != null) {
                request.queryParam("source", source);
            }
            JsonPath body = request.get("/api/coins/EXP/history").then().statusCode(200).extract().jsonPath();

            assertThat(body.getList("quotes.observedAt", String.class)).as("source " + source)
                    .containsExactly(Times.format(kept.observedAt()), Times.format(live.observedAt()));
        }
    }

    private static Quote quote(Instant at, String price) {
        return Quote.builder().source("coincap").symbol("EXP").priceUsd(new BigDecimal(price)).observedAt(at)
                .fetchedAt(at.plusMillis(300)).pollId("p-" + at.toEpochMilli()).build();
    }

    private static void put(java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        LocalCloud cloud = LocalCloud.shared();
        cloud.dynamoDbClient().putItem(p -> p.tableName(LocalCloudResource.TABLE).item(item));
    }
}
