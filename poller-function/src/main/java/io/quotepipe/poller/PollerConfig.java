package io.quotepipe.poller;

import io.quotepipe.core.alert.AlertsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the poller. Every key can also be given as an environment variable
 * ({@code quotepipe.poller.interval} is {@code QUOTEPIPE_POLLER_INTERVAL}). Checked at start-up by
 * {@link ConfigCheck}, whose messages name the key to fix.
 */
@ConfigMapping(prefix = "quotepipe")
public interface PollerConfig {

    /**
     * Providers to try, in order: {@code coinpaprika}, {@code coinlore}, {@code livecoinwatch},
     * {@code coincap}, {@code finnhub}, {@code simulated}. The first whose answer is usable wins a
     * poll; the others are its failovers. The default needs no key: two public APIs, then the
     * offline simulated market as the last resort. The local run ({@code ./quotepipe up}) sets
     * {@code simulated} (no network there).
     */
    @WithDefault("coinpaprika,coinlore,simulated")
    List<String> providers();

    /** Kafka settings of the pipeline. */
    Kafka kafka();

    /** What a poll asks for, and how long it may take. */
    Poller poller();

    /** How the poller talks to the providers' APIs. */
    Http http();

    /** Operator alerts: quote-core's group, the same keys and defaults in every app. */
    AlertsConfig alerts();

    /** The lake, where the poller records each poll for the pipeline panel. */
    S3 s3();

    /** CoinPaprika: keyless. */
    CoinPaprika coinpaprika();

    /** CoinLore: keyless. */
    CoinLore coinlore();

    /** LiveCoinWatch. */
    LiveCoinWatch livecoinwatch();

    /** CoinCap v3. */
    CoinCap coincap();

    /** Finnhub. */
    Finnhub finnhub();

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
        /** Interval of the in-service schedule, e.g. {@code 5m}, {@code 10s} (service mode; EventBridge drives the Lambda). */
        @WithDefault("5m")
        String interval();

        /** How many coins by rank a poll asks CoinPaprika, CoinLore, LiveCoinWatch and CoinCap for (1 to 5000). */
        @WithDefault("100")
        int coinLimit();

        /**
         * Coin codes to poll instead of the top {@code coin-limit}, e.g. {@code BTC,ETH}: LiveCoinWatch
         * {@code /coins/map}; CoinPaprika, CoinLore (its top {@code coin-limit}) and CoinCap keep them
         * from their lists; Finnhub asks for each.
         */
        Optional<List<String>> symbols();

        /**
         * Time a poll may spend asking providers, every retry and failover included. With
         * {@code quotepipe.kafka.send-timeout} it must fit the Lambda timeout; in Lambda the handler
         * also cuts it to the invocation's remaining time.
         */
        @WithDefault("20s")
        Duration fetchDeadline();

        /**
         * A quote whose provider observed it longer than this before the poller fetched it is stale:
         * rejected with that reason (a poll mostly stale fails the provider over, with an alert), never
         * stored as fresh. Checked where the provider sends its own observation time: CoinPaprika's
         * {@code last_updated} per coin (its free tier refreshes about every 10 minutes) and CoinLore's
         * {@code info.time}.
         */
        @WithDefault("30m")
        Duration maxStaleness();

        /** How long an API key read from SSM is kept before it is read again. */
        @WithDefault("1h")
        Duration keyRefresh();
    }

    interface Http {
        /** Time to open a connection to a provider. */
        @WithDefault("3s")
        Duration connectTimeout();

        /** Time for one complete answer (headers and body) after the request is sent. */
        @WithDefault("10s")
        Duration readTimeout();

        /** Attempts per request, the first included; retried on timeouts, connection failures, 5xx and 429. */
        @WithDefault("3")
        int maxAttempts();

        /** First backoff step; doubled per attempt, with jitter, up to {@code max-backoff}. */
        @WithDefault("500ms")
        Duration backoff();

        /** Longest backoff step. A 429's {@code Retry-After} is honoured instead, within the poll's deadline. */
        @WithDefault("4s")
        Duration maxBackoff();
    }

    interface S3 {
        /**
         * Bucket of the lake: after each poll the poller writes {@code status/poller.json} there, and records each alert
         * under {@code alerts/} (docs/design.md, "Pipeline records"). Unset: neither is recorded (said at start).
         */
        Optional<String> bucket();
    }

    interface CoinPaprika {
        /** Base URL: the free API; a paid plan's is {@code https://api-pro.coinpaprika.com}. */
        @WithDefault("https://api.coinpaprika.com")
        String url();

        /** Optional: a paid plan's API key (header {@code Authorization}); the free tier needs none. Never logged. */
        Optional<String> apiKey();

        /** In AWS: name of the SSM SecureString holding the paid plan's key, used when {@code api-key} is unset. */
        Optional<String> apiKeyParameter();
    }

    interface CoinLore {
        /** Base URL of the API (no key, no paid tier). */
        @WithDefault("https://api.coinlore.net")
        String url();
    }

    interface LiveCoinWatch {
        /** Base URL of the API. */
        @WithDefault("https://api.livecoinwatch.com")
        String url();

        /** API key (header {@code x-api-key}). Never logged. */
        Optional<String> apiKey();

        /** In AWS: name of the SSM SecureString holding the API key, read at run time, used when {@code api-key} is unset. */
        Optional<String> apiKeyParameter();
    }

    interface CoinCap {
        /** Base URL of the v3 API. */
        @WithDefault("https://rest.coincap.io")
        String url();

        /** API key (header {@code Authorization: Bearer}). Never logged. */
        Optional<String> apiKey();

        /** In AWS: name of the SSM SecureString holding the API key, used when {@code api-key} is unset. */
        Optional<String> apiKeyParameter();
    }

    interface Finnhub {
        /** Base URL of the API. */
        @WithDefault("https://finnhub.io")
        String url();

        /** API key (header {@code X-Finnhub-Token}). Never logged. */
        Optional<String> apiKey();

        /** In AWS: name of the SSM SecureString holding the API key, used when {@code api-key} is unset. */
        Optional<String> apiKeyParameter();

        /** Coins Finnhub is asked for (one call each) when {@code quotepipe.poller.symbols} is unset. */
        @WithDefault("BTC,ETH,BNB,SOL,XRP,DOGE,ADA,TRX,AVAX,LINK")
        List<String> symbols();

        /** Finnhub symbol of a coin code, e.g. {@code quotepipe.finnhub.symbol-map.BTC=COINBASE:BTC-USD}; overrides {@code symbol-format}. */
        Map<String, String> symbolMap();

        /** Finnhub symbol of codes not in {@code symbol-map}; {@code %s} is the code. */
        @WithDefault("BINANCE:%sUSDT")
        String symbolFormat();

        /** Client-side limit of calls per minute (the free tier allows 60). */
        @WithDefault("60")
        int callsPerMinute();
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
