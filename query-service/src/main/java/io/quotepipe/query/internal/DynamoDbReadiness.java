package io.quotepipe.query.internal;

import io.quotepipe.query.QuoteQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Ready when the table can be described: {@code /q/health/ready} answers 200 only once the service can serve a query,
 * which is what a load balancer or a start script should wait for.
 */
@Readiness
@ApplicationScoped
public class DynamoDbReadiness implements HealthCheck {

    private final DynamoDbClient dynamo;
    private final QuoteQueries queries;

    @Inject
    public DynamoDbReadiness(DynamoDbClient dynamo, QuoteQueries queries) {
        this.dynamo = dynamo;
        this.queries = queries;
    }

    @Override
    public HealthCheckResponse call() {
        String table = queries.table();
        try {
            String status = dynamo.describeTable(d -> d.tableName(table)).table().tableStatusAsString();
            return HealthCheckResponse.named("dynamodb").withData("table", table).withData("status", status)
                    .status("ACTIVE".equals(status) || "UPDATING".equals(status)).build();
        } catch (SdkException e) {
            return HealthCheckResponse.named("dynamodb").withData("table", table)
                    .withData("error", String.valueOf(e.getMessage())).down().build();
        }
    }
}
