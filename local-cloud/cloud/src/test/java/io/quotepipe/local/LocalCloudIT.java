package io.quotepipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local cloud against its real servers. It starts its own cloud (not the shared one), because it stops and
 * starts S3 and Kafka, and its last test closes the cloud and checks that no server process is left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalCloudIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static LocalCloud cloud;

    @BeforeAll
    static void startCloud() {
        cloud = LocalCloud.start(LocalCloudOptions.defaults());
        System.out.printf("local cloud started in %d ms%n", cloud.startDuration().toMillis());
    }

    @AfterAll
    static void closeCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    @Order(1)
    void startsWellUnderAMinute_andListensOnLoopbackOnly() {
        assertThat(cloud.startDuration()).isLessThan(Duration.ofSeconds(30));
        Endpoints endpoints = cloud.endpoints();
        assertThat(endpoints.kafkaBootstrapServers()).startsWith("127.0.0.1:");
        assertThat(List.of(endpoints.s3(), endpoints.dynamoDb(), endpoints.sns(), endpoints.sqs()))
                .allSatisfy(uri -> assertThat(uri.getHost()).isEqualTo("127.0.0.1"));
        assertThat(cloud.servers()).allSatisfy(server -> assertThat(server.isRunning()).isTrue());
    }

    @Test
    @Order(2)
    void producesAndConsumesAQuote_onTheQuoteTopic() {
        String pollId = UUID.randomUUID().toString();
        String quote = "{\"schemaVersion\":1,\"source\":\"simulated\",\"symbol\":\"BTC\",\"priceUsd\":70835.6,\"pollId\":\""
                + pollId + "\"}";

        RecordMetadata sent = produce("BTC", quote);

        assertThat(sent.topic()).isEqualTo("crypto-quotes");
        assertThat(consumeUntilFound(pollId)).satisfies(record -> {
            assertThat(record.key()).isEqualTo("BTC");
            assertThat(record.value()).isEqualTo(quote);
            assertThat(record.partition()).isEqualTo(sent.partition());
        });
    }

    @Test
    @Order(3)
    void createsTheTopicsWithTheConfiguredPartitions() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumer("partitions-" + UUID.randomUUID())) {
            assertThat(consumer.partitionsFor("crypto-quotes")).hasSize(3);
            assertThat(consumer.partitionsFor("crypto-quotes-dlq")).hasSize(1);
        }
    }

    @Test
    @Order(4)
    void raisesObjectCreatedEvent_withTheKeyUrlEncodedAsS3Does() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        String key = "quotes/dt=2026-11-21/hour=18/crypto quotes+" + UUID.randomUUID() + ".jsonl";
        byte[] body = "{\"symbol\":\"BTC\"}\n{\"symbol\":\"ETH\"}\n".getBytes(StandardCharsets.UTF_8);

        PutObjectResponse put;
        try (AutoCloseable registration = cloud.onObjectCreated(events::add)) {
            put = cloud.s3Client().putObject(p -> p.bucket("quotepipe-quotes").key(key), RequestBody.fromBytes(body));
            await().atMost(PATIENCE).until(() -> events.stream().anyMatch(e -> e.contains(encodedTail(key))));
        }

        String event = events.stream().filter(e -> e.contains(encodedTail(key))).findFirst().orElseThrow();
        assertThat(field(event, "eventName")).isEqualTo("ObjectCreated:Put");
        assertThat(field(event, "eventSource")).isEqualTo("aws:s3");
        assertThat(field(event, "awsRegion")).isEqualTo("us-east-1");
        assertThat(field(event, "name")).isEqualTo("quotepipe-quotes");
        assertThat(field(event, "arn")).isEqualTo("arn:aws:s3:::quotepipe-quotes");
        String encodedKey = field(event, "key");
        assertThat(encodedKey).startsWith("quotes/dt%3D2026-11-21/hour%3D18/crypto+quotes%2B");
        assertThat(URLDecoder.decode(encodedKey, StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(event).contains("\"size\":" + body.length);
        assertThat(field(event, "eTag")).isEqualTo(put.eTag().replace("\"", ""));
        // What a loader does with the event: decode the key and read the object.
        assertThat(cloud.s3Client().getObjectAsBytes(g -> g.bucket("quotepipe-quotes")
                .key(URLDecoder.decode(encodedKey, StandardCharsets.UTF_8))).asByteArray()).isEqualTo(body);
    }

    @Test
    @Order(5)
    void putsAndQueriesAQuoteItem_inTheTable() {
        String symbol = "T" + UUID.randomUUID().toString().substring(0, 8);
        cloud.dynamoDbClient().putItem(p -> p.tableName("crypto-quotes").item(Map.of(
                "pk", AttributeValue.fromS("COIN#" + symbol),
                "sk", AttributeValue.fromS("TS#2026-11-21T18:05:00.000Z#simulated"),
                "priceUsd", AttributeValue.fromN("70835.6"))));

        var items = cloud.dynamoDbClient().query(q -> q.tableName("crypto-quotes")
                .keyConditionExpression("pk = :pk AND begins_with(sk, :ts)")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS("COIN#" + symbol),
                        ":ts", AttributeValue.fromS("TS#2026-11-21")))).items();

        assertThat(items).singleElement()
                .satisfies(item -> assertThat(item.get("priceUsd").n()).isEqualTo("70835.6"));
    }

    @Test
    @Order(6)
    void deliversAnAlert_toTheQueueSubscribedToTheAlertTopic() {
        String marker = UUID.randomUUID().toString();
        String alert = "{\"component\":\"consumer-service\",\"kind\":\"s3-write-failed\",\"message\":\"" + marker + "\"}";

        cloud.snsClient().publish(p -> p.topicArn(cloud.endpoints().alertsTopicArn())
                .subject("[quotepipe] consumer-service: s3-write-failed").message(alert));

        List<Message> received = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            received.addAll(cloud.sqsClient().receiveMessage(r -> r.queueUrl(cloud.endpoints().alertsQueueUrl())
                    .waitTimeSeconds(1).maxNumberOfMessages(10)).messages());
            return received.stream().anyMatch(m -> m.body().contains(marker));
        });
        String notification = received.stream().filter(m -> m.body().contains(marker)).findFirst().orElseThrow().body();
        assertThat(field(notification, "Type")).isEqualTo("Notification");
        assertThat(field(notification, "TopicArn")).isEqualTo(cloud.endpoints().alertsTopicArn());
        assertThat(field(notification, "Subject")).isEqualTo("[quotepipe] consumer-service: s3-write-failed");
    }

    @Test
    @Order(7)
    void writesTheAppsEnvironment_asKeyValueLines() throws Exception {
        Path file = cloud.workDir().resolve("test.env");

        cloud.writeEnvFile(file);

        assertThat(Files.readAllLines(file)).contains(
                "KAFKA_BOOTSTRAP_SERVERS=" + cloud.endpoints().kafkaBootstrapServers(),
                "AWS_ENDPOINT_URL_S3=" + cloud.endpoints().s3(),
                "AWS_ENDPOINT_URL_DYNAMODB=" + cloud.endpoints().dynamoDb(),
                "AWS_ENDPOINT_URL_SNS=" + cloud.endpoints().sns(),
                "QUOTEPIPE_S3_BUCKET=quotepipe-quotes",
                "QUOTEPIPE_DYNAMODB_TABLE=crypto-quotes",
                "QUOTEPIPE_KAFKA_TOPIC=crypto-quotes",
                "QUOTEPIPE_ALERTS_TOPIC_ARN=" + cloud.endpoints().alertsTopicArn(),
                "AWS_REGION=us-east-1",
                "AWS_ACCESS_KEY_ID=test",
                "QUARKUS_S3_PATH_STYLE_ACCESS=true");
    }

    @Test
    @Order(8)
    void s3StopAndStart_keepsPortAndObjects_andClientsReconnect() throws Exception {
        int port = cloud.s3().port();
        cloud.s3Client().putObject(p -> p.bucket("quotepipe-quotes").key("before-outage.txt"),
                RequestBody.fromString("kept"));

        cloud.s3().stop();

        assertThat(cloud.s3().isRunning()).isFalse();
        assertThatThrownBy(() -> cloud.s3Client().headBucket(h -> h.bucket("quotepipe-quotes")))
                .isInstanceOf(SdkClientException.class);

        cloud.s3().start();

        assertThat(cloud.s3().port()).isEqualTo(port);
        assertThat(cloud.s3Client().getObjectAsBytes(g -> g.bucket("quotepipe-quotes").key("before-outage.txt"))
                .asUtf8String()).isEqualTo("kept");
        List<String> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable registration = cloud.onObjectCreated(events::add)) {
            cloud.s3Client().putObject(p -> p.bucket("quotepipe-quotes").key("after-outage.txt"),
                    RequestBody.fromString("new"));
            await().atMost(PATIENCE).until(() -> events.stream().anyMatch(e -> e.contains("after-outage.txt")));
        }
    }

    @Test
    @Order(9)
    void kafkaKillAndStart_keepsTheTopicAndItsRecords() {
        String pollId = UUID.randomUUID().toString();
        produce("ETH", "{\"pollId\":\"" + pollId + "\"}");

        cloud.kafka().kill();
        assertThat(cloud.kafka().isRunning()).isFalse();
        cloud.kafka().start();

        assertThat(consumeUntilFound(pollId).key()).isEqualTo("ETH");
    }

    /**
     * {@code ./quotepipe up} starts the loader a few seconds after the cloud: an object put in between must still be
     * loaded, as in AWS, where the function exists before the first object. Its event waits for the first listener.
     */
    @Test
    @Order(10)
    void anEventRaisedWhileNoListenerIsRegistered_isHandedToTheFirstListenerThatRegisters() throws Exception {
        String key = "quotes/dt=2026-11-21/hour=18/held+" + UUID.randomUUID() + ".jsonl";
        long raised = cloud.objectCreatedEventCount();

        cloud.s3Client().putObject(p -> p.bucket("quotepipe-quotes").key(key), RequestBody.fromString("{}\n"));
        await("the sink to receive the event of " + key).atMost(PATIENCE)
                .until(() -> cloud.objectCreatedEventCount() > raised);

        List<String> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable registration = cloud.onObjectCreated(events::add)) {
            await("the held event of " + key).atMost(PATIENCE)
                    .until(() -> events.stream().anyMatch(e -> e.contains(encodedTail(key))));
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void close_leavesNoServerProcessBehind() {
        List<ProcessHandle> processes = cloud.servers().stream()
                .map(server -> server.process().orElseThrow())
                .toList();
        assertThat(processes).hasSize(4).allSatisfy(process -> assertThat(process.isAlive()).isTrue());
        Path workDir = cloud.workDir();

        cloud.close();

        assertThat(processes).allSatisfy(process -> {
            assertThat(process.isAlive()).as("pid %d", process.pid()).isFalse();
            assertThat(ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        });
        assertThat(ProcessHandle.current().children()).noneMatch(child -> processes.stream()
                .anyMatch(p -> p.pid() == child.pid()));
        assertThat(workDir).doesNotExist();
    }

    private static RecordMetadata produce(String key, String value) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            return producer.send(new ProducerRecord<>("crypto-quotes", key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("Cannot produce to crypto-quotes at " + cloud.endpoints().kafkaBootstrapServers(), e);
        }
    }

    private static ConsumerRecord<String, String> consumeUntilFound(String marker) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("it-" + UUID.randomUUID())) {
            consumer.subscribe(List.of("crypto-quotes"));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
                return seen.stream().anyMatch(r -> r.value().contains(marker));
            });
        }
        return seen.stream().filter(r -> r.value().contains(marker)).findFirst().orElseThrow();
    }

    private static KafkaConsumer<String, String> consumer(String groupId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }

    /** The encoded form of the key's unique tail, to pick this test's event among others. */
    private static String encodedTail(String key) {
        return key.substring(key.lastIndexOf('+') + 1);
    }

    /** The first string value of a JSON field; enough for these flat checks without a JSON library here. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        assertThat(m.find()).as("field %s in %s", name, json).isTrue();
        return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
