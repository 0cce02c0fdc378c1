package io.quotepipe.deploy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka topics and groups a module uses with a given environment, from its code and configuration, by the roles of
 * docs/design.md. Plain Kafka clients: a {@code KafkaConsumer} reads {@code quotepipe.kafka.topic} as the group
 * {@code quotepipe.consumer.group-id}; a {@code KafkaProducer} writes {@code quotepipe.kafka.topic}, or, beside a
 * consumer, its dead letters to {@code quotepipe.kafka.dead-letter-topic} (default {@code <topic>-dlq}). SmallRye Kafka
 * channels: each reads or writes its topic, an incoming one commits as its group and, with the dead-letter-queue failure
 * strategy, writes its dead-letter topic (https://smallrye.io/smallrye-reactive-messaging/latest/kafka/receiving-kafka-records/#failure-management).
 */
record KafkaUse(Set<String> produces, Set<String> consumes, Set<String> groups) {

    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");

    static KafkaUse of(AppModule app, Map<String, String> env) {
        Set<String> produces = new TreeSet<>();
        Set<String> consumes = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        String topic = app.value("quotepipe.kafka.topic", env).orElse(null);
        if (app.usesType("KafkaConsumer")) {
            consumes.add(require(topic, app, "quotepipe.kafka.topic"));
            groups.add(require(app.value("quotepipe.consumer.group-id", env).orElse(null), app, "quotepipe.consumer.group-id"));
        }
        if (app.usesType("KafkaProducer")) {
            if (app.usesType("KafkaConsumer")) {
                produces.add(app.value("quotepipe.kafka.dead-letter-topic", env).filter(t -> !t.isBlank()).orElse(topic + "-dlq"));
            } else {
                produces.add(require(topic, app, "quotepipe.kafka.topic"));
            }
        }
        for (String key : app.applicationProperties().stringPropertyNames()) {
            Matcher m = CHANNEL.matcher(key);
            if (!m.matches() || !"smallrye-kafka".equals(app.value(key, env).orElse(""))) {
                continue;
            }
            String channel = "mp.messaging." + m.group(1) + "." + m.group(2) + ".";
            String channelTopic = app.value(channel + "topic", env).orElse(m.group(2));
            if (m.group(1).equals("outgoing")) {
                produces.add(channelTopic);
                continue;
            }
            consumes.add(channelTopic);
            groups.add(app.value(channel + "group.id", env)
                    .orElseThrow(() -> new IllegalStateException(app + ": channel " + m.group(2) + " has no group.id")));
            if ("dead-letter-queue".equals(app.value(channel + "failure-strategy", env).orElse(""))) {
                produces.add(app.value(channel + "dead-letter-queue.topic", env).orElse("dead-letter-topic-" + channelTopic));
            }
        }
        return new KafkaUse(produces, consumes, groups);
    }

    private static String require(String value, AppModule app, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(app + " uses a Kafka client but has no " + key);
        }
        return value;
    }

    boolean any() {
        return !produces.isEmpty() || !consumes.isEmpty();
    }

    /** Required MSK actions by resource: {@code cluster}, {@code topic/<name>}, {@code group/<name>}. */
    Map<String, Set<String>> requiredActions() {
        Map<String, Set<String>> required = new TreeMap<>();
        if (!produces.isEmpty()) {
            required.computeIfAbsent("cluster", k -> new TreeSet<>()).addAll(IamActions.CLUSTER_PRODUCER);
        }
        if (!consumes.isEmpty()) {
            required.computeIfAbsent("cluster", k -> new TreeSet<>()).addAll(IamActions.CLUSTER_CONSUMER);
        }
        produces.forEach(t -> required.computeIfAbsent("topic/" + t, k -> new TreeSet<>()).addAll(IamActions.TOPIC_PRODUCER));
        consumes.forEach(t -> required.computeIfAbsent("topic/" + t, k -> new TreeSet<>()).addAll(IamActions.TOPIC_CONSUMER));
        groups.forEach(g -> required.computeIfAbsent("group/" + g, k -> new TreeSet<>()).addAll(IamActions.GROUP_CONSUMER));
        return required;
    }

    /** Which of {@link #requiredActions()}'s resources the ARN is, given the cluster's ARN. */
    static Optional<String> resourceOf(String arn, String clusterArn) {
        if (arn.equals(clusterArn)) {
            return Optional.of("cluster");
        }
        String clusterPath = clusterArn.substring(clusterArn.indexOf(":cluster/") + ":cluster/".length());
        String base = clusterArn.substring(0, clusterArn.indexOf(":cluster/"));
        for (String kind : new String[] {"topic", "group"}) {
            String prefix = base + ":" + kind + "/" + clusterPath + "/";
            if (arn.startsWith(prefix)) {
                return Optional.of(kind + "/" + arn.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }
}
