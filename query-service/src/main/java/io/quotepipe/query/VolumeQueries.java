package io.quotepipe.query;

import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.DynamoKeys.Interval;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The volume under each candle: the candles are read as {@link QuoteQueries#candles} reads them, then for each the
 * history item of its close (Query {@code pk = COIN#<symbol>}, {@code sk} between {@code TS#<closeAt>#} and
 * {@code TS#<closeAt>#~}, one item, one attribute). Candle items carry no volume and the loader is not this service's
 * to change; one small query per candle, bounded by {@value #MAX_POINTS}, is the price of that.
 */
@ApplicationScoped
public class VolumeQueries {

    /** The most candles whose volume one request looks up (the newest). */
    public static final int MAX_POINTS = 200;

    private final DynamoDbClient dynamo;
    private final QuoteQueries queries;

    @Inject
    public VolumeQueries(DynamoDbClient dynamo, QuoteQueries queries) {
        this.dynamo = dynamo;
        this.queries = queries;
    }

    public Volumes volumes(String symbol, Interval interval, Instant from, Instant to) {
        List<Candle> candles = queries.candles(symbol, interval, from, to).candles();
        boolean truncated = candles.size() > MAX_POINTS;
        List<Volumes.Point> points = new ArrayList<>();
        for (Candle c : truncated ? candles.subList(candles.size() - MAX_POINTS, candles.size()) : candles) {
            if (c.closeAt() == null) {
                continue;
            }
            List<Map<String, AttributeValue>> items = dynamo.query(q -> q.tableName(queries.table())
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(DynamoKeys.historyPk(symbol)),
                            ":from", AttributeValue.fromS(DynamoKeys.historySkFrom(c.closeAt())),
                            ":to", AttributeValue.fromS(DynamoKeys.historySkTo(c.closeAt()))))
                    .projectionExpression("volume24hUsd")
                    .limit(1)).items();
            // A history item can be gone (retention) while its candle stays: that candle has no volume point.
            if (!items.isEmpty() && items.getFirst().get("volume24hUsd") != null && items.getFirst().get("volume24hUsd").n() != null) {
                points.add(new Volumes.Point(c.start(), c.closeAt(), new BigDecimal(items.getFirst().get("volume24hUsd").n())));
            }
        }
        return new Volumes(symbol, interval.token(), from, to, points.size(), truncated, points);
    }
}
