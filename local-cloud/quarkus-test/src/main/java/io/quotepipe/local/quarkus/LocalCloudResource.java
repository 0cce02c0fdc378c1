package io.quotepipe.local.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quotepipe.local.Endpoints;
import io.quotepipe.local.LocalCloud;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} app at the test JVM's shared {@link LocalCloud} (started on first
 * use, stopped when the JVM exits): Kafka, S3, DynamoDB and SNS clients, and the quotepipe names.
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;QuarkusTestResource(value = LocalCloudResource.class, restrictToAnnotatedClass = false)
 * class MyIT { ... }
 * </pre>
 *
 * The cloud itself is reachable in the test through {@link LocalCloud#shared()}.
 */
public class LocalCloudResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalCloud cloud = LocalCloud.shared();
        Endpoints e = cloud.endpoints();
        // The SDK reads these as system properties too; s3proxy does not verify the newer checksums.
        System.setProperty("aws.requestChecksumCalculation", "when_required");
        System.setProperty("aws.responseChecksumValidation", "when_required");
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", e.kafkaBootstrapServers());
        config.put("quotepipe.kafka.topic", e.kafkaTopic());
        config.put("quotepipe.s3.bucket", e.bucket());
        config.put("quotepipe.dynamodb.table", e.table());
        config.put("quotepipe.alerts.topic-arn", e.alertsTopicArn());
        client(config, "s3", e.s3().toString());
        client(config, "dynamodb", e.dynamoDb().toString());
        client(config, "sns", e.sns().toString());
        client(config, "sqs", e.sqs().toString());
        if (has("s3")) {
            config.put("quarkus.s3.path-style-access", "true");
        }
        return config;
    }

    /** Whether the app has the Quarkus extension of {@code service}: keys of absent ones only cause warnings. */
    private static boolean has(String service) {
        try {
            Class.forName("io.quarkiverse.amazon." + service + ".runtime." + switch (service) {
                case "dynamodb" -> "DynamoDbConfig";
                default -> service.substring(0, 1).toUpperCase() + service.substring(1) + "Config";
            }, false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void client(Map<String, String> config, String service, String endpoint) {
        if (!has(service)) {
            return;
        }
        String prefix = "quarkus." + service + ".";
        config.put(prefix + "endpoint-override", endpoint);
        config.put(prefix + "aws.region", "us-east-1");
        config.put(prefix + "aws.credentials.type", "static");
        config.put(prefix + "aws.credentials.static-provider.access-key-id", "test");
        config.put(prefix + "aws.credentials.static-provider.secret-access-key", "test");
    }

    @Override
    public void stop() {
        // The shared cloud outlives each Quarkus app of the test JVM; a shutdown hook stops it.
    }
}
