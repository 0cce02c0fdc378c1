package io.quotepipe.loader;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the loader. Every key can also be given as an environment variable
 * ({@code quotepipe.dynamodb.table} is {@code QUOTEPIPE_DYNAMODB_TABLE}).
 */
@ConfigMapping(prefix = "quotepipe")
public interface LoaderConfig {

    /** The table. */
    Dynamodb dynamodb();

    /** Loading. */
    Loader loader();

    interface Dynamodb {
        /** The single table of quotes (keys {@code pk}/{@code sk}). */
        @WithDefault("crypto-quotes")
        String table();
    }

    interface Loader {
        /** How long history items live (DynamoDB TTL on {@code expiresAt}); unset keeps them forever. */
        Optional<Duration> retention();
    }
}
