package io.quotepipe.it;

import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteItems;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.testing.HostileQuotes;
import io.quotepipe.core.testing.HostileQuotes.Case;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.LocalCloudOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka entrance of the hostile-value corpus: every case produced straight into the quotes topic (not by the
 * poller), between good quotes, with the whole pipeline running as in production. Each hostile record lands in the
 * dead-letter topic with a reason that says what is wrong; the good quotes around them, and the corpus's values at a
 * bound, travel on to DynamoDB.
 */
class HostileRecordsIT {

    static RunningPipeline running;
    static LocalCloud cloud;

    @BeforeAll
    static void startPipeline() {
        running = RunningPipeline.start(LocalCloudOptions.builder().kafkaPartitions(1).build(), "hostile-records",
                Map.of("QUOTEPIPE_CONSUMER_MAX_AGE", "1s"));
        cloud = running.cloud;
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void everyHostileRecordIsDeadLetteredWithItsReason_andTheGoodQuotesAroundThemAreLoaded() throws Exception {
        String topic = cloud.endpoints().kafkaTopic();
        List<Case> corpus = HostileQuotes.all();
        Map<Long, Case> hostileByOffset = new HashMap<>();
        List<Quote> good = new ArrayList<>();
        Instant t = Instant.parse("2026-11-21T18:30:00.000Z");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < corpus.size(); i++) {
                Instant at = t.plus(Duration.ofMinutes(7L * i));
                Quote around = Quote.builder().source("coincap").symbol("HOS").name("Hostile").priceUsd(new BigDecimal((100 + i) + ".25"))
                        .observedAt(at).fetchedAt(at.plusMillis(250)).pollId("p-around-" + i).build();
                good.add(around);
                send(producer, topic, QuoteJson.write(around).getBytes(StandardCharsets.UTF_8));
                Case c = corpus.get(i);
                long offset = send(producer, topic, c.value());
                if (c.valid()) {
                    good.add(QuoteJson.read(c.value()));
                } else {
                    hostileByOffset.put(offset, c);
                }
            }
        }

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        await("every hostile record in " + topic + "-dlq").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    dead.clear();
                    dead.addAll(readAll(topic + "-dlq"));
                    return dead.size() >= hostileByOffset.size() || !running.failures.isEmpty();
                });
        assertThat(running.failures).isEmpty();
        assertThat(dead).extracting(r -> Long.parseLong(header(r, "dead-letter-offset")))
                .containsExactlyInAnyOrderElementsOf(hostileByOffset.keySet());
        for (ConsumerRecord<String, byte[]> r : dead) {
            Case c = hostileByOffset.get(Long.parseLong(header(r, "dead-letter-offset")));
            assertThat(header(r, "dead-letter-reason")).as(c.name()).containsPattern(c.reason());
            assertThat(r.value()).as(c.name() + ": the original bytes").isEqualTo(c.value());
        }

        await("the consumer's dead-letter alert").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> deadLetterAlerted());

        await("the loader to load every good quote").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> history().size() >= good.size() || !running.failures.isEmpty());
        assertThat(running.failures).isEmpty();
        assertThat(history()).containsExactlyInAnyOrderElementsOf(good.stream().map(HostileRecordsIT::stored).toList());
    }

    /** Whether the alert topic (read through the SQS queue subscribed to it) carries the consumer's dead-letter alert. */
    private static boolean deadLetterAlerted() throws Exception {
        String queue = cloud.endpoints().alertsQueueUrl();
        for (var m : cloud.sqsClient().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            var alert = json.readTree(json.readTree(m.body()).path("Message").asText());
            if (alert.path("component").asText().equals("consumer") && alert.path("kind").asText().equals("dead-letter")) {
                return true;
            }
        }
        return false;
    }

    private static long send(KafkaProducer<String, byte[]> producer, String topic, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, 0, "HOS", value)).get(30, TimeUnit.SECONDS).offset();
    }

    private static List<Quote> history() {
        List<Quote> quotes = new ArrayList<>();
        cloud.dynamoDbClient().queryPaginator(q -> q.tableName(cloud.endpoints().table()).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(DynamoKeys.historyPk("HOS")))))
                .items().forEach(i -> quotes.add(stored(QuoteItems.quote(i))));
        return quotes;
    }

    /** What the comparison keeps: the key, the price as DynamoDB's N holds it (no trailing zeros) and the poll. */
    private static Quote stored(Quote q) {
        return Quote.builder().source(q.source()).symbol(q.symbol()).priceUsd(q.priceUsd().stripTrailingZeros())
                .observedAt(q.observedAt()).fetchedAt(q.fetchedAt()).pollId(q.pollId()).build();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties props = new Properties();
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
