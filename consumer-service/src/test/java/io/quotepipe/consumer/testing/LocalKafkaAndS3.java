package io.quotepipe.consumer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quotepipe.local.LocalCloud;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the integration tests do on the local cloud: topics of their own, quotes in, committed offsets and
 * batch objects out, alerts read back from the queue subscribed to the alert topic.
 */
public final class LocalKafkaAndS3 implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalCloud cloud;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;

    public LocalKafkaAndS3(LocalCloud cloud) {
        this.cloud = cloud;
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        this.admin = Admin.create(a);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    public LocalCloud cloud() {
        return cloud;
    }

    /** Creates {@code topic} with {@code partitions} and its dead-letter topic {@code <topic>-dlq}. */
    public void createTopic(String topic, int partitions) {
        for (NewTopic t : List.of(new NewTopic(topic, partitions, (short) 1), new NewTopic(topic + "-dlq", 1, (short) 1))) {
            try {
                admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + t.name(), e.getCause());
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot create topic " + t.name(), e);
            }
        }
    }

    /** Sends {@code value} to {@code partition} of {@code topic} and waits for the acknowledgement; returns its offset. */
    public long send(String topic, int partition, String value) {
        try {
            return producer.send(new ProducerRecord<>(topic, partition, "BTC", value)).get(30, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic + "-" + partition, e);
        }
    }

    /** Sends without waiting (for a steady stream); {@link #flush()} waits for all. */
    public void sendAsync(String topic, int partition, String value) {
        producer.send(new ProducerRecord<>(topic, partition, "BTC", value));
    }

    public void flush() {
        producer.flush();
    }

    /** The log end offset of every partition of {@code topic}. */
    public Map<Integer, Long> endOffsets(String topic, int partitions) {
        try {
            Map<TopicPartition, OffsetSpec> request = IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(), (a, b) -> a, TreeMap::new));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        }
    }

    /** The group's committed offsets on {@code topic} (absent partitions: nothing committed). */
    public Map<Integer, Long> committed(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> result = new TreeMap<>();
            offsets.forEach((tp, o) -> {
                if (tp.topic().equals(topic) && o != null) {
                    result.put(tp.partition(), o.offset());
                }
            });
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group, e);
        }
    }

    /** Whether the group has committed every record of {@code topic}. */
    public boolean caughtUp(String group, String topic, int partitions) {
        Map<Integer, Long> end = endOffsets(topic, partitions);
        Map<Integer, Long> committed = committed(group, topic);
        return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || e.getValue().equals(committed.get(e.getKey())));
    }

    /** Moves the (inactive) group back to offset 0 on every partition, as a replay would. */
    public void rewindGroup(String group, String topic, int partitions) {
        Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            zero.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
        }
        try {
            admin.alterConsumerGroupOffsets(group, zero).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot rewind group " + group, e);
        }
    }

    /** Every batch object of {@code topic}: key to bytes. */
    public Map<String, byte[]> objects(String topic) {
        Map<String, byte[]> objects = new TreeMap<>();
        String bucket = cloud.endpoints().bucket();
        for (String key : keys(topic)) {
            objects.put(key, cloud.s3Client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        }
        return objects;
    }

    /** The keys of the batch objects of {@code topic}. */
    public List<String> keys(String topic) {
        String bucket = cloud.endpoints().bucket();
        List<String> keys = new ArrayList<>();
        for (S3Object o : cloud.s3Client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("quotes/")).contents()) {
            String name = o.key().substring(o.key().lastIndexOf('/') + 1);
            if (name.startsWith(topic + "-") && name.substring(topic.length() + 1).matches("\\d+-\\d{19}\\.jsonl(\\.gz)?")) {
                keys.add(o.key());
            }
        }
        return keys;
    }

    /** The offsets of every record of {@code topic}, minus {@code poison} ("partition@offset"), per partition. */
    public Map<Integer, List<Long>> expectedOffsets(String topic, int partitions, java.util.Set<String> poison) {
        Map<Integer, List<Long>> expected = new TreeMap<>();
        endOffsets(topic, partitions).forEach((p, end) -> {
            List<Long> offsets = new ArrayList<>();
            for (long o = 0; o < end; o++) {
                if (!poison.contains(p + "@" + o)) {
                    offsets.add(o);
                }
            }
            expected.put(p, offsets);
        });
        return expected;
    }

    /** Every record of the dead-letter topic {@code topic}. */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The alerts waiting in the queue subscribed to the alert topic, as JSON bodies; reading removes them. */
    public List<JsonNode> drainAlerts() {
        List<JsonNode> alerts = new ArrayList<>();
        String queue = cloud.endpoints().alertsQueueUrl();
        for (int round = 0; round < 5; round++) {
            List<Message> messages = cloud.sqsClient().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                break;
            }
            for (Message m : messages) {
                try {
                    JsonNode body = JSON.readTree(m.body());
                    alerts.add(body.has("Message") ? JSON.readTree(body.get("Message").asText()) : body);
                } catch (IOException e) {
                    throw new UncheckedIOException("an alert is not JSON: " + m.body(), e);
                }
                cloud.sqsClient().deleteMessage(d -> d.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        return alerts;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
