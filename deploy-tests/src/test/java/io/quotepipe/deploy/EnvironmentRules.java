package io.quotepipe.deploy;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether an environment variable given to an app is one the app reads: a configuration key of the app (its
 * environment name), a Kafka client property for an app with a Kafka client, a Quarkus extension's key for an
 * extension the app has, or one of the few variables the platform itself reads.
 */
final class EnvironmentRules {

    /**
     * Variables Lambda sets itself and refuses in a function's configuration
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
     */
    static final Set<String> LAMBDA_RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");

    /** Read by the platform rather than the app's configuration. */
    static final Map<String, String> PLATFORM = Map.of(
            "JAVA_TOOL_OPTIONS", "read by the JVM at start-up",
            "DISABLE_SIGNAL_HANDLERS", "read by a Quarkus native executable (as in the sam.native.yaml Quarkus generates)");

    /** Config roots of Quarkus extensions and the artifacts that bring them. */
    static final Map<String, Set<String>> QUARKUS_ROOTS = Map.of(
            "S3", Set.of("io.quarkiverse.amazonservices:quarkus-amazon-s3"),
            "DYNAMODB", Set.of("io.quarkiverse.amazonservices:quarkus-amazon-dynamodb"),
            "SNS", Set.of("io.quarkiverse.amazonservices:quarkus-amazon-sns"),
            "SQS", Set.of("io.quarkiverse.amazonservices:quarkus-amazon-sqs"),
            "LAMBDA", Set.of("io.quarkus:quarkus-amazon-lambda"),
            "KAFKA", Set.of("io.quarkus:quarkus-kafka-client", "io.quarkus:quarkus-messaging-kafka"));

    /** Quarkus maps KAFKA_* variables to Kafka client properties (KAFKA_SASL_MECHANISM is sasl.mechanism). */
    static final Set<String> KAFKA_ARTIFACTS = Set.of("io.quarkus:quarkus-kafka-client", "io.quarkus:quarkus-messaging-kafka");

    private EnvironmentRules() {
    }

    /** Why the app reads {@code variable}, or empty when it does not. */
    static Optional<String> whyRead(AppModule app, String variable) {
        Optional<ConfigKey> key = app.keyReadFrom(variable);
        if (key.isPresent()) {
            return Optional.of("config key " + key.get().name() + " (" + key.get().origin() + ")");
        }
        if (PLATFORM.containsKey(variable)) {
            return Optional.of(PLATFORM.get(variable));
        }
        if (variable.startsWith("KAFKA_") && app.dependsOnAny(KAFKA_ARTIFACTS.toArray(String[]::new))) {
            String property = variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (kafkaClientProperties().contains(property)) {
                return Optional.of("Kafka client property " + property);
            }
        }
        if (variable.startsWith("QUARKUS_")) {
            String root = variable.substring("QUARKUS_".length()).split("_")[0];
            Set<String> artifacts = QUARKUS_ROOTS.get(root);
            if (artifacts != null && app.dependsOnAny(artifacts.toArray(String[]::new))) {
                return Optional.of("a quarkus." + root.toLowerCase(Locale.ROOT) + ".* key of " + artifacts);
            }
        }
        return Optional.empty();
    }

    static Set<String> kafkaClientProperties() {
        Set<String> names = new TreeSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        return names;
    }
}
