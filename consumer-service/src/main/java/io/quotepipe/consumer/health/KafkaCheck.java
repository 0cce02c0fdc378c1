package io.quotepipe.consumer.health;

import io.quotepipe.consumer.ConsumerConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Readiness: Kafka answers, and the quotes topic and the dead-letter topic exist; within {@link #TIMEOUT}. */
@Readiness
@ApplicationScoped
public class KafkaCheck implements HealthCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Map<String, Object> kafka;
    private final List<String> topics;
    private Admin admin;

    @Inject
    public KafkaCheck(@Identifier("default-kafka-broker") Map<String, Object> kafka, ConsumerConfig config) {
        this.kafka = kafka;
        this.topics = List.of(config.kafka().topic(), config.kafka().deadLetterTopicOrDefault());
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka").withData("topics", String.join(",", topics));
        try {
            Map<String, TopicDescription> found = admin().describeTopics(topics,
                            new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return response.up().withData("partitions", found.get(topics.get(0)).partitions().size()).build();
        } catch (java.util.concurrent.ExecutionException e) {
            return response.down().withData("error", String.valueOf(e.getCause())).build();
        } catch (java.util.concurrent.TimeoutException e) {
            return response.down().withData("error", "no answer within " + TIMEOUT.toSeconds() + " s").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>(kafka);
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "quotepipe-consumer-health");
            admin = Admin.create(props);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
