package io.quotepipe.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.Times;
import io.quotepipe.loader.internal.RollupWriter;
import io.quotepipe.loader.rollup.Candle;
import io.quotepipe.loader.rollup.CandleKey;
import io.quotepipe.local.LocalCloud;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import static org.awaitility.Awaitility.await;

/** Quotes, batch objects and table reads shared by the integration tests. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static Quote quote(String symbol, String source, Instant at, String price) {
        return Quote.builder().source(source).symbol(symbol).name(symbol + " coin").rank(7).priceUsd(new BigDecimal(price))
                .volume24hUsd(new BigDecimal("1234567.5")).change24hPct(new BigDecimal("-1.25"))
                .observedAt(at).fetchedAt(at.plusMillis(250)).pollId("poll-" + at.toEpochMilli()).build();
    }

    /** The batch line of {@code q} as the consumer writes it, at {@code offset} of partition 0. */
    static String line(Quote q, long offset) {
        return QuoteJson.writeLine(q, new KafkaCoordinates("crypto-quotes", 0, offset, q.fetchedAt()));
    }

    static List<String> lines(List<Quote> quotes) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < quotes.size(); i++) {
            lines.add(line(quotes.get(i), i));
        }
        return lines;
    }

    static byte[] gzip(List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            for (String l : lines) {
                out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] plain(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static void put(LocalCloud cloud, String key, byte[] body, String contentEncoding) {
        cloud.s3Client().putObject(b -> b.bucket(cloud.endpoints().bucket()).key(key).contentEncoding(contentEncoding),
                RequestBody.fromBytes(body));
    }

    static String get(LocalCloud cloud, String key) {
        return cloud.s3Client().getObjectAsBytes(b -> b.bucket(cloud.endpoints().bucket()).key(key)).asUtf8String();
    }

    /** Every item of the given coins (history, latest, hourly and daily candles), by {@code pk|sk}, sorted. */
    static Map<String, Map<String, AttributeValue>> items(LocalCloud cloud, Collection<String> symbols) {
        DynamoDbClient dynamo = cloud.dynamoDbClient();
        String table = cloud.endpoints().table();
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        for (String symbol : symbols) {
            List<String> pks = List.of(DynamoKeys.historyPk(symbol), DynamoKeys.candlePk(Interval.HOUR, symbol),
                    DynamoKeys.candlePk(Interval.DAY, symbol));
            for (String pk : pks) {
                dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
                                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
                        .items().forEach(i -> items.put(pk + "|" + i.get("sk").s(), i));
            }
            Map<String, AttributeValue> latest = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
                    "pk", AttributeValue.fromS(DynamoKeys.LATEST_PK), "sk", AttributeValue.fromS(DynamoKeys.latestSk(symbol))))).item();
            if (latest != null && !latest.isEmpty()) {
                items.put(DynamoKeys.LATEST_PK + "|" + latest.get("sk").s(), latest);
            }
        }
        return items;
    }

    /** The history items among {@code items}, as quotes (the fields the rollups use). */
    static List<Quote> history(Map<String, Map<String, AttributeValue>> items) {
        return items.entrySet().stream().filter(e -> e.getKey().startsWith("COIN#")).map(e -> quoteOf(e.getValue())).toList();
    }

    static Map<CandleKey, Candle> candles(Map<String, Map<String, AttributeValue>> items) {
        Map<CandleKey, Candle> candles = new HashMap<>();
        items.forEach((key, item) -> {
            if (key.startsWith("OHLC#")) {
                Interval interval = item.get("interval").s().equals("1h") ? Interval.HOUR : Interval.DAY;
                candles.put(new CandleKey(interval, item.get("symbol").s(), Times.parse(item.get("sk").s())), RollupWriter.stored(item));
            }
        });
        return candles;
    }

    static Map<String, Quote> latest(Map<String, Map<String, AttributeValue>> items) {
        Map<String, Quote> latest = new HashMap<>();
        items.forEach((key, item) -> {
            if (key.startsWith(DynamoKeys.LATEST_PK + "|")) {
                latest.put(item.get("symbol").s(), quoteOf(item));
            }
        });
        return latest;
    }

    static Quote quoteOf(Map<String, AttributeValue> item) {
        Instant at = Times.parse(item.get("observedAt").s());
        return Quote.builder().source(item.get("source").s()).symbol(item.get("symbol").s())
                .priceUsd(new BigDecimal(item.get("priceUsd").n()).stripTrailingZeros())
                .observedAt(at).fetchedAt(at).pollId("p").build();
    }

    /** The same quotes in the form {@link #quoteOf} reads them back, to compare with a table. */
    static Quote comparable(Quote q) {
        return Quote.builder().source(q.source()).symbol(q.symbol()).priceUsd(q.priceUsd().stripTrailingZeros())
                .observedAt(q.observedAt()).fetchedAt(q.observedAt()).pollId("p").build();
    }

    /** Collects the S3 emulator's ObjectCreated notifications, as S3 would send them to the loader. */
    static final class Notifications implements AutoCloseable {
        private final List<String> events = new CopyOnWriteArrayList<>();
        private final AutoCloseable registration;

        Notifications(LocalCloud cloud) {
            this.registration = cloud.onObjectCreated(events::add);
        }

        /** The notification raised for {@code key} (waits for it, briefly). */
        JsonNode awaitFor(String key) {
            JsonNode[] found = new JsonNode[1];
            await("the ObjectCreated notification of " + key).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        for (String e : events) {
                            JsonNode event = JSON.readTree(e);
                            for (JsonNode r : event.path("Records")) {
                                if (decode(r.path("s3").path("object").path("key").asText()).equals(key)) {
                                    found[0] = event;
                                    return true;
                                }
                            }
                        }
                        return false;
                    });
            return found[0];
        }

        /** One notification carrying the records of all of {@code keys}' notifications, in that order. */
        String eventFor(String... keys) {
            ObjectNode event = JSON.createObjectNode();
            ArrayNode records = event.putArray("Records");
            for (String key : keys) {
                awaitFor(key).path("Records").forEach(records::add);
            }
            return event.toString();
        }

        @Override
        public void close() throws Exception {
            registration.close();
        }
    }

    static String decode(String key) {
        return java.net.URLDecoder.decode(key, StandardCharsets.UTF_8);
    }

    static S3Notification parse(String event) {
        try {
            return JSON.readValue(event, S3Notification.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
