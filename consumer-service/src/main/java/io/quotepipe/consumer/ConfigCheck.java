package io.quotepipe.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Start-up validation of {@link ConsumerConfig}: every problem at once, each naming its key. */
final class ConfigCheck {

    private ConfigCheck() {
    }

    static void validate(ConsumerConfig config) {
        List<String> problems = new ArrayList<>();
        ConsumerConfig.Consumer c = config.consumer();
        if (config.kafka().topic().isBlank()) {
            problems.add("quotepipe.kafka.topic must not be blank");
        }
        if (config.kafka().deadLetterTopicOrDefault().equals(config.kafka().topic())) {
            problems.add("quotepipe.kafka.dead-letter-topic must differ from quotepipe.kafka.topic");
        }
        if (c.groupId().isBlank()) {
            problems.add("quotepipe.consumer.group-id must not be blank");
        }
        if (c.maxRecords() < 1) {
            problems.add("quotepipe.consumer.max-records must be at least 1, was " + c.maxRecords());
        }
        if (c.maxBytes() < 1) {
            problems.add("quotepipe.consumer.max-bytes must be at least 1, was " + c.maxBytes());
        }
        positive(problems, "quotepipe.consumer.max-age", c.maxAge());
        if (c.idleFlush().isNegative()) {
            problems.add("quotepipe.consumer.idle-flush must be 0s (off) or more, was " + c.idleFlush());
        }
        if (c.gzipLevel() < 1 || c.gzipLevel() > 9) {
            problems.add("quotepipe.consumer.gzip-level must be 1 (fastest) to 9 (smallest), was " + c.gzipLevel());
        }
        if (c.parseThreads() < 0) {
            problems.add("quotepipe.consumer.parse-threads must be 0 (one per processor) or more, was " + c.parseThreads());
        }
        positive(problems, "quotepipe.consumer.poll-timeout", c.pollTimeout());
        if (c.alertAfterFailures() < 1) {
            problems.add("quotepipe.consumer.alert-after-failures must be at least 1, was " + c.alertAfterFailures());
        }
        positive(problems, "quotepipe.consumer.retry-backoff", c.retryBackoff());
        if (c.retryMaxBackoff().compareTo(c.retryBackoff()) < 0) {
            problems.add("quotepipe.consumer.retry-max-backoff (" + c.retryMaxBackoff()
                    + ") must not be shorter than quotepipe.consumer.retry-backoff (" + c.retryBackoff() + ")");
        }
        if (c.shutdownTimeout().isNegative()) {
            problems.add("quotepipe.consumer.shutdown-timeout must not be negative, was " + c.shutdownTimeout());
        }
        if (config.s3().bucket().isBlank()) {
            problems.add("quotepipe.s3.bucket must not be blank");
        }
        positive(problems, "quotepipe.s3.put-timeout", config.s3().putTimeout());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid configuration of consumer-service: " + String.join("; ", problems));
        }
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " must be positive, was " + value);
        }
    }
}
