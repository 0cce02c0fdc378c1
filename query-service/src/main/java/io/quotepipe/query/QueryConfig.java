package io.quotepipe.query;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Configuration of the query service. Every key can also be given as an environment variable
 * ({@code quotepipe.dynamodb.table} is {@code QUOTEPIPE_DYNAMODB_TABLE}). The DynamoDB endpoint follows the SDK
 * convention, {@code AWS_ENDPOINT_URL_DYNAMODB} (see application.properties).
 */
@ConfigMapping(prefix = "quotepipe")
public interface QueryConfig {

    /** The table. */
    Dynamodb dynamodb();

    /** Limits and defaults of the queries. */
    Query query();

    /** The lake, read by the pipeline panel ({@code GET /api/pipeline}): last batch written, quarantined lines. */
    S3 s3();

    interface S3 {
        /** The bucket the consumer writes batches to ({@code quotes/}) and the loader quarantines to ({@code quarantine/}). */
        @WithDefault("quotepipe-quotes")
        String bucket();
    }

    interface Dynamodb {
        /** The single table of quotes (keys {@code pk}/{@code sk}), as the loader writes it. */
        @WithDefault("crypto-quotes")
        String table();
    }

    interface Query {
        /** How far back a history request reaches when it gives no {@code from}. */
        @WithDefault("PT24H")
        Duration defaultHistoryRange();

        /** How far back an hourly candle request reaches when it gives no {@code from}. */
        @WithDefault("P2D")
        Duration defaultHourlyRange();

        /** How far back a daily candle request reaches when it gives no {@code from}. */
        @WithDefault("P90D")
        Duration defaultDailyRange();

        /** The widest time range one history request may span; a wider one is answered with a 400. */
        @WithDefault("P31D")
        Duration maxHistoryRange();

        /**
         * The most items one request reads from DynamoDB (history items or candles). A request that matches more is
         * answered with the first ones and {@code "truncated": true}: narrow the range or page with {@code from}.
         */
        @WithDefault("10000")
        int maxItems();
    }
}
