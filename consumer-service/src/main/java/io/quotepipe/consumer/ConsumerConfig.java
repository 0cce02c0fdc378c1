package io.quotepipe.consumer;

import io.quotepipe.core.alert.AlertsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the consumer service. Every key can also be given as an environment variable
 * ({@code quotepipe.consumer.max-age} is {@code QUOTEPIPE_CONSUMER_MAX_AGE}). Kafka client settings
 * are the {@code kafka.*} keys (or {@code KAFKA_*} variables), passed to the Kafka clients as they are.
 * Checked at start-up by {@link ConsumerService}.
 */
@ConfigMapping(prefix = "quotepipe")
public interface ConsumerConfig {

    /** Topics. */
    Kafka kafka();

    /** Batching, commits and retries. */
    Consumer consumer();

    /** Where batches go. */
    S3 s3();

    /** Operator alerts: quote-core's group, the same keys and defaults in every app. */
    AlertsConfig alerts();

    interface Kafka {
        /** The quotes topic. */
        @WithDefault("crypto-quotes")
        String topic();

        /** Where poison records go; default {@code <topic>-dlq}. */
        Optional<String> deadLetterTopic();

        default String deadLetterTopicOrDefault() {
            return deadLetterTopic().filter(t -> !t.isBlank()).orElse(topic() + "-dlq");
        }
    }

    interface Consumer {
        /** The consumer group: instances with the same group share the partitions. */
        @WithDefault("quotepipe-consumer")
        String groupId();

        /** A partition's batch is written when it holds this many quotes. */
        @WithDefault("10000")
        int maxRecords();

        /** ... or this many bytes of uncompressed JSON Lines (default 8 MiB). */
        @WithDefault("8388608")
        long maxBytes();

        /** ... or when its first record has waited this long, even if no record follows. */
        @WithDefault("60s")
        Duration maxAge();

        /**
         * ... or when its partition has taken no record for this long: a poll's quotes reach Kafka within a fraction
         * of a second, so a second of silence means the poll's batch is complete and goes out at once, not
         * {@code max-age} later. {@code 0s} turns it off (batches then wait for size or age).
         */
        @WithDefault("1s")
        Duration idleFlush();

        /** Whether objects are gzip-compressed ({@code .jsonl.gz}) or plain ({@code .jsonl}). */
        @WithDefault("true")
        boolean gzip();

        /**
         * Deflate level, 1 (fastest) to 9 (smallest). Quote lines compress about 6:1 at level 1 and 8:1 at 6,
         * and level 1 deflates several times faster (docs/benchmarks.md).
         */
        @WithDefault("1")
        int gzipLevel();

        /**
         * Threads that parse and validate records, the poll loop's own included, and as many that compress batches;
         * 0 means one per available processor. Batching, S3 puts and commits stay on the poll loop's thread.
         */
        @WithDefault("0")
        int parseThreads();

        /** Longest wait in one poll; also the resolution of the age flush. */
        @WithDefault("200ms")
        Duration pollTimeout();

        /** An alert is raised after this many consecutive failed S3 writes (or offset commits). */
        @WithDefault("3")
        int alertAfterFailures();

        /** First wait after a failed S3 write or commit; doubles (with jitter) up to {@code retry-max-backoff}. */
        @WithDefault("500ms")
        Duration retryBackoff();

        /** Longest wait between retries. */
        @WithDefault("30s")
        Duration retryMaxBackoff();

        /** On SIGTERM, how long open batches may take to reach S3 and be committed before the service gives up. */
        @WithDefault("20s")
        Duration shutdownTimeout();

        /**
         * How often, at most, the lag per partition is recorded in the lake ({@code status/consumer/<group>/}) for the
         * pipeline panel: one PutObject per owned partition per interval, and only after a new measurement.
         */
        @WithDefault("60s")
        Duration statusInterval();
    }

    interface S3 {
        /** Bucket of the lake. */
        @WithDefault("quotepipe-quotes")
        String bucket();

        /** Deadline of one PutObject, retries of the SDK included. */
        @WithDefault("30s")
        Duration putTimeout();
    }
}
