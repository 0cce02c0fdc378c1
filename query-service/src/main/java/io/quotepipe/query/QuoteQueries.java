package io.quotepipe.query;

import io.quarkus.runtime.Startup;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.MalformedItemException;
import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteItems;
import io.quotepipe.core.Times;
import io.quotepipe.query.internal.Downsampler;
import io.quotepipe.query.internal.Expiry;
import io.quotepipe.query.internal.Items;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The access patterns of docs/design.md, as the API serves them: latest of all coins (Query {@code LATEST}), latest of
 * one (GetItem), a coin's history in a time range (Query with {@code sk BETWEEN}), hourly and daily candles. Keys come
 * from {@link DynamoKeys} only. Parameters arrive validated (see {@code api.Params}).
 */
@Startup
@ApplicationScoped
public class QuoteQueries {

    private static final Logger LOG = Logger.getLogger(QuoteQueries.class);

    private final DynamoDbClient dynamo;
    private final Clock clock;
    private final String table;
    private final QueryConfig.Query limits;

    @Inject
    public QuoteQueries(DynamoDbClient dynamo, QueryConfig config, Clock clock) {
        this.dynamo = dynamo;
        this.clock = clock;
        this.table = config.dynamodb().table();
        this.limits = config.query();
        check(config);
    }

    /** Fails the start with a message that names the key, rather than the first request. */
    static void check(QueryConfig config) {
        QueryConfig.Query q = config.query();
        if (config.dynamodb().table().isBlank()) {
            throw new IllegalArgumentException("quotepipe.dynamodb.table must not be blank");
        }
        if (q.maxItems() < 1) {
            throw new IllegalArgumentException("quotepipe.query.max-items must be at least 1, was " + q.maxItems());
        }
        positive("quotepipe.query.default-history-range", q.defaultHistoryRange());
        positive("quotepipe.query.default-hourly-range", q.defaultHourlyRange());
        positive("quotepipe.query.default-daily-range", q.defaultDailyRange());
        positive("quotepipe.query.max-history-range", q.maxHistoryRange());
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + value);
        }
    }

    public String table() {
        return table;
    }

    public QueryConfig.Query limits() {
        return limits;
    }

    /** Every coin's latest quote (the {@code LATEST} partition holds one item per coin, a few hundred at most). */
    public LatestQuotes latest(LatestSort sort, boolean ascending, int limit) {
        Page<Quote> page = query(QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(DynamoKeys.LATEST_PK))),
                Integer.MAX_VALUE, Items::quote);
        List<Quote> quotes = page.items().stream()
                .sorted(sort.comparator(ascending))
                .limit(limit)
                .toList();
        return new LatestQuotes(sort.param(), ascending ? "asc" : "desc", quotes.size(), quotes);
    }

    /** One coin's latest quote, or empty when the table has none. */
    public Optional<Quote> latest(String symbol) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g
                .tableName(table)
                .key(Map.of(DynamoKeys.PK, s(DynamoKeys.LATEST_PK), DynamoKeys.SK, s(DynamoKeys.latestSk(symbol)))))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Items.quote(item));
    }

    /**
     * A coin's quotes observed from {@code from} to {@code to} (both inclusive), oldest first; history items past
     * their {@code expiresAt} are left out even before DynamoDB's TTL has deleted them ({@link Expiry}).
     *
     * @param step   when not null, the last quote of each step-wide bucket only
     * @param source when not null, the quotes of that provider only
     */
    public History history(String symbol, Instant from, Instant to, Duration step, String source) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to");
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":pk", s(DynamoKeys.historyPk(symbol)),
                ":from", s(DynamoKeys.historySkFrom(from)),
                ":to", s(DynamoKeys.historySkTo(to))));
        Map<String, String> names = new HashMap<>();
        String filter = Expiry.NOT_EXPIRED;
        names.putAll(Expiry.NAMES);
        values.put(Expiry.NOW, Expiry.now(clock));
        if (source != null) {
            // "source" is a DynamoDB reserved word: it needs a placeholder name.
            filter = "(" + filter + ") AND #source = :source";
            names.put("#source", QuoteItems.SOURCE);
            values.put(":source", s(source));
        }
        request.filterExpression(filter).expressionAttributeNames(names).expressionAttributeValues(values);
        Page<Quote> page = query(request, limits.maxItems(), Items::quote);
        List<Quote> quotes = step == null ? page.items() : Downsampler.lastPerBucket(page.items(), step);
        return new History(symbol, from, to, step == null ? null : step.toString(), source, quotes.size(),
                page.truncated(), quotes);
    }

    /** A coin's candles whose interval starts from the one containing {@code from} up to {@code to}, oldest first. */
    public Candles candles(String symbol, Interval interval, Instant from, Instant to) {
        Page<Candle> page = query(QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(
                        ":pk", s(DynamoKeys.candlePk(interval, symbol)),
                        ":from", s(DynamoKeys.candleSk(interval, from)),
                        ":to", s(Times.format(to)))),
                limits.maxItems(), Items::candle);
        return new Candles(symbol, interval.token(), from, to, page.items().size(), page.truncated(), page.items());
    }

    private record Page<T>(List<T> items, boolean truncated) {
    }

    /**
     * Reads every page of a query up to {@code max} items. An item that does not have the table's layout is logged
     * and left out: one bad item must not take a whole chart down.
     */
    private <T> Page<T> query(QueryRequest.Builder request, int max, Function<Map<String, AttributeValue>, T> mapper) {
        List<T> out = new ArrayList<>();
        Iterator<Map<String, AttributeValue>> items = dynamo.queryPaginator(request.build()).items().iterator();
        while (items.hasNext()) {
            Map<String, AttributeValue> item = items.next();
            if (out.size() == max) {
                return new Page<>(out, true);
            }
            try {
                out.add(mapper.apply(item));
            } catch (MalformedItemException e) {
                LOG.warnf("Skipping an item of table %s: %s", table, e.getMessage());
            }
        }
        return new Page<>(out, false);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
