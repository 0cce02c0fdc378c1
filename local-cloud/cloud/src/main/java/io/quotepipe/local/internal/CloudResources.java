package io.quotepipe.local.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.quotepipe.local.LocalCloudException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the resources named in docs/design.md on the local servers, idempotently, so that the same calls serve the
 * first start and every restart of a server whose state was lost (dynalite and the SNS emulator keep
 * everything in memory).
 */
public final class CloudResources {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    private CloudResources() {
    }

    /** The pipeline topic with {@code partitions} partitions and its dead-letter topic, replication factor 1. */
    public static void createTopics(String bootstrapServers, Map<String, Integer> partitionsByTopic) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "local-cloud-admin");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(KAFKA_TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(config)) {
            List<NewTopic> topics = partitionsByTopic.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                    .toList();
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new LocalCloudException("Cannot create Kafka topic " + result.getKey() + " on "
                                + bootstrapServers + ": " + e.getCause(), e.getCause());
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new LocalCloudException("Kafka at " + bootstrapServers + " did not create the topics "
                    + partitionsByTopic.keySet() + " within " + KAFKA_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalCloudException("Interrupted while creating Kafka topics " + partitionsByTopic.keySet(), e);
        }
    }

    public static void createBucket(AwsClients aws, String bucket) {
        try {
            aws.s3().headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            try {
                aws.s3().createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException alreadyThere) {
                // Created meanwhile: what was wanted.
            }
        }
    }

    /**
     * The single table of docs/design.md: string keys {@code pk} and {@code sk}, on demand. Locally without its TTL on
     * {@code expiresAt}: dynalite has no UpdateTimeToLive, so history items keep the attribute and never expire here
     * (template.yaml and terraform/ turn TTL on in AWS).
     */
    public static void createTable(AwsClients aws, String table) {
        try {
            aws.dynamoDb().createTable(t -> t
                    .tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
            aws.dynamoDb().waiter().waitUntilTableExists(t -> t.tableName(table));
        } catch (ResourceInUseException alreadyThere) {
            // Exists from an earlier start: what was wanted.
        }
    }

    /** The alert topic, plus a queue subscribed to it so that tests can read the alerts back. */
    public static Alerts createAlerts(AwsClients aws, String topicName, String queueName) {
        String topicArn = aws.sns().createTopic(t -> t.name(topicName)).topicArn();
        String queueUrl = aws.sqs().createQueue(q -> q.queueName(queueName)).queueUrl();
        String queueArn = aws.sqs().getQueueAttributes(a -> a.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        boolean subscribed = aws.sns().listSubscriptionsByTopic(l -> l.topicArn(topicArn)).subscriptions().stream()
                .anyMatch(s -> "sqs".equals(s.protocol()) && queueArn.equals(s.endpoint()));
        if (!subscribed) {
            aws.sns().subscribe(s -> s.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        }
        return new Alerts(topicArn, queueUrl);
    }

    public record Alerts(String topicArn, String queueUrl) {
    }
}
