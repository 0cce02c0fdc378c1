package io.quotepipe.loader;

import io.quotepipe.core.alert.AlertsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the loader. Every key can also be given as an environment variable
 * ({@code quotepipe.loader.write-concurrency} is {@code QUOTEPIPE_LOADER_WRITE_CONCURRENCY}). Checked at start-up
 * by {@link LoaderBeans}.
 */
@ConfigMapping(prefix = "quotepipe")
public interface LoaderConfig {

    /** The table. */
    Dynamodb dynamodb();

    /** Loading. */
    Loader loader();

    /** Operator alerts: quote-core's group, the same keys and defaults in every app. */
    AlertsConfig alerts();

    /** The lake. */
    S3 s3();

    interface Dynamodb {
        /** The single table of quotes (keys {@code pk}/{@code sk}). */
        @WithDefault("crypto-quotes")
        String table();
    }

    interface Loader {
        /**
         * How long history items live: DynamoDB's TTL removes them {@code retention} after their {@code observedAt}
         * (attribute {@code expiresAt}). Unset keeps them forever. Latest and candle items never expire.
         */
        Optional<Duration> retention();

        /**
         * DynamoDB requests an invocation runs at once (history puts, candle reads, queries and puts, latest puts). More is faster until the table or the function's CPU and connections are the limit; the
         * URL-connection HTTP client keeps 5 idle connections per host. 1 to 64.
         */
        @WithDefault("4")
        int writeConcurrency();

        /**
         * How long an invocation keeps retrying throttled reads and writes, counted from its start. On Lambda it is also cut to end {@code timeout-margin} before
         * the function's timeout. Past it the invocation fails and Lambda retries the event, which is safe because
         * every write is idempotent.
         */
        @WithDefault("4m")
        Duration retryDeadline();

        /** Time kept free before the Lambda timeout, for the invocation to fail cleanly and log why. */
        @WithDefault("10s")
        Duration timeoutMargin();

        /**
         * Candles and coins pre-aggregated in memory per object before they are written early. A bound on memory for
         * objects spanning very many coins or hours; writing early changes the number of writes, never the result.
         */
        @WithDefault("20000")
        int maxPendingRollups();
    }

    interface S3 {
        /**
         * Bucket where alerts are recorded under {@code alerts/} for the pipeline panel (docs/design.md, "Pipeline
         * records"): the lake. Objects are loaded from whichever bucket their event names; unset, alerts are not recorded.
         */
        Optional<String> bucket();
    }
}
