package io.quotepipe.chaos;

import io.quotepipe.core.BatchLine;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.S3BatchKey;
import io.quotepipe.core.Times;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Checks, after the pipeline has drained, that every quote Kafka acknowledged is in the lake exactly once and in
 * the table exactly once, and that the table's rollups equal a recomputation from its history (docs/design.md).
 *
 * <p>It reads each store with its own client and recomputes what the stages should have written from their
 * inputs, so a stage that lost, duplicated or altered a quote shows up as a difference, named by its key:
 * <ol>
 *   <li>per partition, every offset of the quote topic is in exactly one current lake object, or in the
 *       dead-letter topic, never both, never neither; each lake line equals its Kafka record;</li>
 *   <li>every valid lake line has its history item, equal to the winning version of its key, and history holds
 *       nothing else;</li>
 *   <li>each coin's latest item and every candle equal a recomputation from history;</li>
 *   <li>every dead letter carries a reason and comes from a record that is not a valid quote (a dead letter sent again
 *       after a consumer restart names the same coordinates and counts once); every lake line that is not a valid
 *       quote is in its object's quarantine with a reason.</li>
 * </ol>
 * Objects under {@code quotes/} whose name is not a batch of the quote topic (an outside writer's) take part in
 * checks 2 to 4, not in the offset coverage.
 */
public final class Reconciliation {

    /** Problems of one kind kept in the report; the count goes on past it. */
    static final int MAX_EXAMPLES = 10;

    private final Sources sources;
    private final Report.Builder report = new Report.Builder(MAX_EXAMPLES);

    /**
     * Where to read.
     *
     * @param kafkaBootstrapServers the broker
     * @param topic                 the quote topic
     * @param deadLetterTopic       its dead-letter topic
     * @param s3                    a client of the lake
     * @param bucket                the lake's bucket
     * @param dynamoDb              a client of the table
     * @param table                 the table
     * @param readTimeout           how long reading a topic to its end may take
     */
    public record Sources(String kafkaBootstrapServers, String topic, String deadLetterTopic, S3Client s3, String bucket,
            DynamoDbClient dynamoDb, String table, Duration readTimeout) {
        public Sources {
            Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
            Objects.requireNonNull(s3, "s3");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(dynamoDb, "dynamoDb");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(readTimeout, "readTimeout");
        }
    }

    private Reconciliation(Sources sources) {
        this.sources = sources;
    }

    /** Reads the topic, the dead letters, the lake and the table, and compares them. */
    public static Report run(Sources sources) {
        return new Reconciliation(sources).reconcile();
    }

    private Report reconcile() {
        Map<Integer, TreeMap<Long, ConsumerRecord<byte[], byte[]>>> records = readTopic(sources.topic());
        Map<String, String> deadLetters = deadLetterReasons();
        Lake lake = readLake();

        coverage(records, deadLetters, lake);
        Map<String, Quote> history = history(lake);
        rollups(history);
        quarantine(lake);
        return report.build();
    }

    // 1. Offsets: Kafka -> lake or dead letters, exactly once.

    private void coverage(Map<Integer, TreeMap<Long, ConsumerRecord<byte[], byte[]>>> records,
            Map<String, String> deadLetters, Lake lake) {
        records.forEach((partition, byOffset) -> byOffset.forEach((offset, record) -> {
            report.count("records");
            String at = coordinates(partition, offset);
            List<LakeLine> lines = lake.byOffset.getOrDefault(at, List.of());
            boolean dead = deadLetters.containsKey(at);
            Quote produced = parse(record.value());
            if (lines.isEmpty() && !dead) {
                report.problem("lost", at + " is in no lake object and not in the dead-letter topic");
            } else if (lines.size() + (dead ? 1 : 0) > 1) {
                report.problem("duplicated", at + " is in " + lines.stream().map(LakeLine::where).toList()
                        + (dead ? " and in the dead-letter topic" : ""));
            }
            if (dead) {
                report.count("dead-lettered");
                if (produced != null) {
                    report.problem("wrongly-dead-lettered", at + " is a valid quote but was dead-lettered: " + deadLetters.get(at));
                }
            }
            for (LakeLine line : lines) {
                report.count("in-lake");
                if (produced == null) {
                    report.problem("mismatched", line.where() + " holds " + at + ", which is not a valid quote");
                } else if (!normalised(produced).equals(normalised(line.quote()))) {
                    report.problem("mismatched", line.where() + " differs from its Kafka record " + at);
                } else if (!line.timestamp().equals(Instant.ofEpochMilli(record.timestamp()))) {
                    report.problem("mismatched", line.where() + " gives kafka.timestamp " + Times.format(line.timestamp())
                            + ", the record's is " + Times.format(Instant.ofEpochMilli(record.timestamp())));
                }
            }
        }));
        lake.byOffset.forEach((at, lines) -> {
            int partition = Integer.parseInt(at.substring(0, at.indexOf('@')));
            long offset = Long.parseLong(at.substring(at.indexOf('@') + 1));
            if (!records.getOrDefault(partition, new TreeMap<>()).containsKey(offset)) {
                report.problem("phantom", lines.get(0).where() + " names " + at + ", which the topic does not hold");
            }
        });
        deadLetters.forEach((at, reason) -> {
            if (reason.isBlank()) {
                report.problem("dead-letter-without-reason", at);
            }
        });
    }

    // 2. History: one item per key, the winning version of it; nothing else.

    private Map<String, Quote> history(Lake lake) {
        Map<String, Quote> expected = new HashMap<>();
        for (LakeLine line : lake.valid) {
            Quote q = line.quote();
            expected.merge(historyKey(q), q, (a, b) -> VERSION.compare(a, b) >= 0 ? a : b);
        }
        Map<String, Quote> stored = new HashMap<>();
        for (Map<String, AttributeValue> item : scan("COIN#")) {
            stored.put(item.get(DynamoKeys.PK).s() + "|" + item.get(DynamoKeys.SK).s(), quoteOf(item));
        }
        report.count("history-expected", expected.size());
        report.count("history-items", stored.size());
        expected.forEach((key, q) -> {
            Quote item = stored.get(key);
            if (item == null) {
                report.problem("missing-history", key + " (from the lake) has no history item");
            } else if (!normalised(item).equals(normalised(q))) {
                report.problem("mismatched-history", key + " holds " + item + ", the lake's winning version is " + q);
            }
        });
        stored.keySet().stream().filter(k -> !expected.containsKey(k)).sorted()
                .forEach(k -> report.problem("extra-history", k + " is in the table but in no lake line"));
        return stored;
    }

    // 3. Latest and candles: a recomputation from history.

    private void rollups(Map<String, Quote> history) {
        Map<String, Quote> latest = new HashMap<>();
        Map<String, Candle> candles = new HashMap<>();
        for (Quote q : history.values()) {
            latest.merge(q.symbol(), q, (a, b) -> LATEST_ORDER.compare(a, b) >= 0 ? a : b);
            for (DynamoKeys.Interval interval : DynamoKeys.Interval.values()) {
                String key = DynamoKeys.candlePk(interval, q.symbol()) + "|" + DynamoKeys.candleSk(interval, q.observedAt());
                candles.merge(key, Candle.of(q), Candle::merge);
            }
        }
        Map<String, Map<String, AttributeValue>> latestItems = new HashMap<>();
        for (Map<String, AttributeValue> item : query(DynamoKeys.LATEST_PK)) {
            latestItems.put(item.get(DynamoKeys.SK).s(), item);
        }
        latest.forEach((symbol, q) -> {
            Map<String, AttributeValue> item = latestItems.remove(DynamoKeys.latestSk(symbol));
            if (item == null) {
                report.problem("missing-latest", symbol + " has history but no LATEST item");
            } else if (!normalised(quoteOf(item)).equals(normalised(q))) {
                report.problem("mismatched-latest", symbol + ": LATEST holds " + quoteOf(item) + ", history's latest is " + q);
            }
        });
        latestItems.keySet().forEach(sk -> report.problem("extra-latest", sk + " has a LATEST item but no history"));

        Map<String, Map<String, AttributeValue>> candleItems = new HashMap<>();
        for (Map<String, AttributeValue> item : scan("OHLC#")) {
            candleItems.put(item.get(DynamoKeys.PK).s() + "|" + item.get(DynamoKeys.SK).s(), item);
        }
        report.count("candles", candles.size());
        candles.forEach((key, candle) -> {
            Map<String, AttributeValue> item = candleItems.remove(key);
            if (item == null) {
                report.problem("missing-candle", key + " is not in the table");
            } else if (!candle.equals(Candle.of(item))) {
                report.problem("mismatched-candle", key + " holds " + Candle.of(item) + ", history gives " + candle);
            }
        });
        candleItems.keySet().forEach(k -> report.problem("extra-candle", k + " has no history quote"));
    }

    // 4. Quarantine: every line that is not a valid quote, with a reason.

    private void quarantine(Lake lake) {
        lake.invalid.forEach((objectKey, lineNumbers) -> {
            Map<Integer, String> reasons = quarantineReasons(objectKey);
            for (int line : lineNumbers) {
                report.count("quarantined");
                String reason = reasons.get(line);
                if (reason == null) {
                    report.problem("unquarantined", objectKey + " line " + line + " is not a valid quote and is not in "
                            + S3BatchKey.quarantineKey(objectKey));
                } else if (reason.isBlank()) {
                    report.problem("quarantined-without-reason", objectKey + " line " + line);
                }
            }
        });
    }

    private Map<Integer, String> quarantineReasons(String objectKey) {
        Map<Integer, String> reasons = new HashMap<>();
        try (BufferedReader reader = reader(S3BatchKey.quarantineKey(objectKey), false)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                com.fasterxml.jackson.databind.JsonNode entry = JSON.readTree(line);
                reasons.put(entry.path("line").asInt(), entry.path("reason").asText(""));
            }
        } catch (NoSuchKeyException e) {
            return reasons;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the quarantine of " + objectKey, e);
        }
        return reasons;
    }

    // Readers.

    private Map<Integer, TreeMap<Long, ConsumerRecord<byte[], byte[]>>> readTopic(String topic) {
        Map<Integer, TreeMap<Long, ConsumerRecord<byte[], byte[]>>> records = new TreeMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sources.kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, sources.readTimeout());
            if (infos == null || infos.isEmpty()) {
                return records;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, sources.readTimeout());
            partitions.forEach(p -> records.put(p.partition(), new TreeMap<>()));
            long deadline = System.nanoTime() + sources.readTimeout().toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within "
                            + sources.readTimeout() + "; is the broker at " + sources.kafkaBootstrapServers() + " up?");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
                        records.get(r.partition()).put(r.offset(), r);
                    }
                }
            }
        }
        return records;
    }

    /** {@code partition@offset} of each dead letter, with its reason. */
    private Map<String, String> deadLetterReasons() {
        Map<String, String> reasons = new HashMap<>();
        readTopic(sources.deadLetterTopic()).values().forEach(byOffset -> byOffset.values().forEach(r -> {
            String partition = header(r, "dead-letter-partition");
            String offset = header(r, "dead-letter-offset");
            String topic = header(r, "dead-letter-topic");
            if (!sources.topic().equals(topic) || partition == null || offset == null) {
                report.problem("dead-letter-without-coordinates", "dead letter " + r.partition() + "@" + r.offset());
                return;
            }
            String at = partition + "@" + offset;
            // Dead letters are at least once (docs/design.md): a consumer that dies between sending one and committing
            // sends it again after a restart. Its coordinates identify it; a second copy is counted, not a problem.
            if (reasons.put(at, Objects.requireNonNullElse(header(r, "dead-letter-reason"), "")) != null) {
                report.count("dead-letters-sent-again");
            }
        }));
        return reasons;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private record LakeLine(String objectKey, int line, Quote quote, Instant timestamp) {
        String where() {
            return objectKey + " line " + line;
        }
    }

    private static final class Lake {
        final Map<String, List<LakeLine>> byOffset = new HashMap<>();
        final List<LakeLine> valid = new ArrayList<>();
        final Map<String, List<Integer>> invalid = new TreeMap<>();
    }

    private Lake readLake() {
        Lake lake = new Lake();
        for (S3Object object : sources.s3().listObjectsV2Paginator(b -> b.bucket(sources.bucket()).prefix(S3BatchKey.PREFIX)).contents()) {
            String key = object.key();
            report.count("objects");
            boolean ours = S3BatchKey.parse(key).map(k -> k.topic().equals(sources.topic())).orElse(false);
            try (BufferedReader reader = reader(key, key.endsWith(".gz"))) {
                int n = 0;
                Long first = null;
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    n++;
                    if (text.isBlank()) {
                        continue;
                    }
                    BatchLine line;
                    try {
                        line = QuoteJson.readLine(text);
                    } catch (InvalidQuoteException e) {
                        lake.invalid.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
                        continue;
                    }
                    LakeLine l = new LakeLine(key, n, line.quote(), line.kafka().timestamp());
                    lake.valid.add(l);
                    if (ours && line.kafka().topic().equals(sources.topic())) {
                        first = first == null ? line.kafka().offset() : first;
                        lake.byOffset.computeIfAbsent(coordinates(line.kafka().partition(), line.kafka().offset()),
                                k -> new ArrayList<>()).add(l);
                    }
                }
                if (ours && first != null && first != S3BatchKey.parse(key).orElseThrow().firstOffset()) {
                    report.problem("misnamed-object", key + " starts at offset " + first);
                }
            } catch (IOException e) {
                report.problem("unreadable-object", key + ": " + e.getMessage());
            }
        }
        return lake;
    }

    private BufferedReader reader(String key, boolean gzip) throws IOException {
        ResponseInputStream<GetObjectResponse> raw = sources.s3().getObject(b -> b.bucket(sources.bucket()).key(key));
        InputStream in = gzip ? new GZIPInputStream(raw, 64 * 1024) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private List<Map<String, AttributeValue>> scan(String pkPrefix) {
        return sources.dynamoDb().scanPaginator(s -> s.tableName(sources.table())
                        .filterExpression("begins_with(pk, :prefix)")
                        .expressionAttributeValues(Map.of(":prefix", AttributeValue.fromS(pkPrefix))))
                .items().stream().toList();
    }

    private List<Map<String, AttributeValue>> query(String pk) {
        return sources.dynamoDb().queryPaginator(q -> q.tableName(sources.table()).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).items().stream().toList();
    }

    // The rules (docs/design.md).

    /** Which of two contents of one history key wins: the greater version (quote-core {@code QuoteVersion}). */
    static final Comparator<Quote> VERSION = io.quotepipe.core.QuoteVersion.ORDER;

    /** LATEST is the coin's last history item in sort-key order: the greatest (observedAt, source). */
    static final Comparator<Quote> LATEST_ORDER = Comparator.comparing(Quote::observedAt).thenComparing(Quote::source);

    static String historyKey(Quote q) {
        return DynamoKeys.historyPk(q.symbol()) + "|" + DynamoKeys.historySk(q.observedAt(), q.source());
    }

    private static String coordinates(int partition, long offset) {
        return partition + "@" + offset;
    }

    private static Quote parse(byte[] value) {
        try {
            return QuoteJson.read(value);
        } catch (InvalidQuoteException e) {
            return null;
        }
    }

    /** The quote an item holds, read by the attribute names of docs/design.md. */
    static Quote quoteOf(Map<String, AttributeValue> item) {
        return Quote.builder()
                .schemaVersion(Integer.parseInt(item.get("schemaVersion").n()))
                .source(s(item, "source")).symbol(s(item, "symbol")).name(s(item, "name"))
                .rank(item.containsKey("rank") ? Integer.valueOf(item.get("rank").n()) : null)
                .priceUsd(n(item, "priceUsd")).volume24hUsd(n(item, "volume24hUsd")).marketCapUsd(n(item, "marketCapUsd"))
                .change1hPct(n(item, "change1hPct")).change24hPct(n(item, "change24hPct")).change7dPct(n(item, "change7dPct"))
                .observedAt(Times.parse(s(item, "observedAt"))).fetchedAt(Times.parse(s(item, "fetchedAt")))
                .pollId(s(item, "pollId")).build();
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? item.get(name).s() : null;
    }

    private static BigDecimal n(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? new BigDecimal(item.get(name).n()) : null;
    }

    /** DynamoDB's N keeps the value, not trailing zeros: compare quotes without them. */
    static Quote normalised(Quote q) {
        return q.toBuilder().priceUsd(strip(q.priceUsd())).volume24hUsd(strip(q.volume24hUsd()))
                .marketCapUsd(strip(q.marketCapUsd())).change1hPct(strip(q.change1hPct()))
                .change24hPct(strip(q.change24hPct())).change7dPct(strip(q.change7dPct())).build();
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
}
