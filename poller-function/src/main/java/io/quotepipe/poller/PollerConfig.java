package io.quotepipe.poller;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/**
 * Configuration of the poller. Every key can also be given as an environment variable
 * ({@code quotepipe.poller.interval} is {@code QUOTEPIPE_POLLER_INTERVAL}).
 */
@ConfigMapping(prefix = "quotepipe")
public interface PollerConfig {

    /** Providers to try, in order; the first that answers with valid quotes wins a poll. */
    @WithDefault("simulated")
    List<String> providers();

    /** Kafka settings of the pipeline. */
    Kafka kafka();

    /** The in-service schedule (the Lambda is driven by EventBridge instead). */
    Poller poller();

    /** The offline provider. */
    Simulated simulated();

    interface Kafka {
        /** Topic the quotes go to; key = symbol. */
        @WithDefault("crypto-quotes")
        String topic();

        /** How long a poll waits for every record to be acknowledged before it fails. */
        @WithDefault("30s")
        Duration sendTimeout();
    }

    interface Poller {
        /** Interval of the in-service schedule, e.g. {@code 5m}, {@code 10s}. */
        @WithDefault("5m")
        String interval();
    }

    interface Simulated {
        /** Seed of the simulated market: the same seed and poll time give the same quotes. */
        @WithDefault("42")
        long seed();

        /** How many coins the simulated market lists. */
        @WithDefault("50")
        int coins();
    }
}
