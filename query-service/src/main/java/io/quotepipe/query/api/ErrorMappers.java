package io.quotepipe.query.api;

import io.quotepipe.query.QuoteQueries;
import io.quotepipe.core.MalformedItemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Turns failures into {@link ApiError} answers. A client's mistake is a 4xx that says what to change; DynamoDB being
 * away is a 503 (retriable: the SDK has already retried with backoff); anything else is logged with its context.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @Inject
    QuoteQueries queries;

    @ServerExceptionMapper
    public Response badParameter(BadParameterException e) {
        return answer(new ApiError(400, "bad-parameter", e.getMessage(), e.parameter(), e.accepted()));
    }

    @ServerExceptionMapper
    public Response notFound(CoinNotFoundException e) {
        return answer(ApiError.of(404, "not-found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response tableMissing(ResourceNotFoundException e) {
        LOG.errorf("DynamoDB table %s does not exist: %s", queries.table(), e.getMessage());
        return answer(ApiError.of(503, "table-unavailable", "DynamoDB table " + queries.table()
                + " does not exist; check quotepipe.dynamodb.table and the DynamoDB endpoint"));
    }

    @ServerExceptionMapper
    public Response unreachable(SdkClientException e) {
        LOG.errorf("DynamoDB cannot be reached for table %s: %s", queries.table(), e.getMessage());
        return answer(ApiError.of(503, "dynamodb-unavailable", "DynamoDB cannot be reached (table "
                + queries.table() + "); try again later"));
    }

    @ServerExceptionMapper
    public Response dynamoFailed(DynamoDbException e) {
        int status = e.statusCode() == 400 ? 500 : 503;
        LOG.errorf(e, "DynamoDB failed on table %s (HTTP %d, %s)", queries.table(), e.statusCode(),
                e.awsErrorDetails() == null ? "?" : e.awsErrorDetails().errorCode());
        return answer(ApiError.of(status, "dynamodb-failed", "DynamoDB failed on table " + queries.table()
                + ": " + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())));
    }

    @ServerExceptionMapper
    public Response malformed(MalformedItemException e) {
        LOG.errorf("Malformed item in table %s: %s", queries.table(), e.getMessage());
        return answer(ApiError.of(500, "malformed-item", "Table " + queries.table() + " holds an " + e.getMessage()));
    }

    private static Response answer(ApiError error) {
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }
}
