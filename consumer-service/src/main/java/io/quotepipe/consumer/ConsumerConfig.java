package io.quotepipe.consumer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Configuration of the consumer service. Every key can also be given as an environment variable
 * ({@code quotepipe.consumer.max-age} is {@code QUOTEPIPE_CONSUMER_MAX_AGE}).
 */
@ConfigMapping(prefix = "quotepipe")
public interface ConsumerConfig {

    /** Batching. */
    Consumer consumer();

    /** Where batches go. */
    S3 s3();

    interface Consumer {
        /** A partition's batch is written when it holds this many records. */
        @WithDefault("10000")
        int maxRecords();

        /** ... or this many bytes of uncompressed JSON Lines (default 8 MiB). */
        @WithDefault("8388608")
        long maxBytes();

        /** ... or when its first record has waited this long, even if no record follows. */
        @WithDefault("60s")
        Duration maxAge();

        /** Whether objects are gzip-compressed ({@code .jsonl.gz}) or plain ({@code .jsonl}). */
        @WithDefault("true")
        boolean gzip();
    }

    interface S3 {
        /** Bucket of the lake. */
        String bucket();
    }
}
