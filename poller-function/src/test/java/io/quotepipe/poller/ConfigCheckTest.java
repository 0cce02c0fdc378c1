package io.quotepipe.poller;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCheckTest {

    @Test
    void theDefaults_canWork_andAreTheKeylessChain() {
        PollerConfig config = config(Map.of());

        assertThat(ConfigCheck.problems(config)).isEmpty();
        assertThat(config.providers()).containsExactly("coinpaprika", "coinlore", "simulated");
        assertThat(config.coinpaprika().url()).isEqualTo("https://api.coinpaprika.com");
        assertThat(config.coinlore().url()).isEqualTo("https://api.coinlore.net");
        assertThat(config.poller().maxStaleness()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.poller().coinLimit()).isEqualTo(100);
        assertThat(config.finnhub().symbolMap()).isEmpty();
    }

    @Test
    void everyProblem_isReported_namingTheKeyToFix() {
        PollerConfig config = config(Map.of(
                "quotepipe.providers", "livecoinwatch,coinmarketcap,livecoinwatch,finnhub",
                "quotepipe.poller.coin-limit", "0",
                "quotepipe.poller.symbols", "BTC,ET#H",
                "quotepipe.http.read-timeout", "0s",
                "quotepipe.http.max-attempts", "0",
                "quotepipe.livecoinwatch.url", "ftp://example.com",
                "quotepipe.finnhub.calls-per-minute", "1",
                "quotepipe.alerts.topic-arn", "quotepipe-alerts"));

        assertThat(ConfigCheck.problems(config)).containsExactlyInAnyOrder(
                "quotepipe.providers names 'coinmarketcap', which is not a provider; known: [coinpaprika, coinlore, livecoinwatch, coincap, finnhub, simulated]",
                "quotepipe.providers names 'livecoinwatch' twice",
                "quotepipe.poller.coin-limit=0: must be between 1 and 5000",
                "quotepipe.poller.symbols names 'ET#H', which is not a coin code (letters, digits, . _ -)",
                "quotepipe.finnhub.symbols names 'ET#H', which is not a coin code (letters, digits, . _ -)",
                "quotepipe.http.read-timeout=PT0S: must be positive",
                "quotepipe.http.max-attempts=0: must be between 1 and 10",
                "quotepipe.livecoinwatch.url='ftp://example.com': must be an http(s) URL with a host",
                "Finnhub would need 2 calls per poll (quotepipe.poller.symbols or quotepipe.finnhub.symbols), "
                        + "more than quotepipe.finnhub.calls-per-minute=1 allows",
                "quotepipe.alerts.topic-arn='quotepipe-alerts' is not an ARN (arn:aws:sns:<region>:<account>:quotepipe-alerts)");
    }

    @Test
    void coinLore_atOneCallASecond_mustFitTheFetchDeadline_andStalenessMustBePositive() {
        PollerConfig config = config(Map.of(
                "quotepipe.providers", "coinlore,simulated",
                "quotepipe.poller.coin-limit", "2500",
                "quotepipe.poller.max-staleness", "0s",
                "quotepipe.coinlore.url", "not a url"));

        assertThat(ConfigCheck.problems(config)).containsExactlyInAnyOrder(
                "quotepipe.poller.max-staleness=PT0S: must be positive",
                "quotepipe.coinlore.url='not a url' is not a URL: Illegal character in path",
                "CoinLore needs 25 calls, one a second, for quotepipe.poller.coin-limit=2500: more than "
                        + "quotepipe.poller.fetch-deadline=PT20S allows; lower the coin limit or raise the deadline");
    }

    @Test
    void finnhubSymbolMap_isReadFromIndexedKeys() {
        PollerConfig config = config(Map.of("quotepipe.finnhub.symbol-map.BTC", "COINBASE:BTC-USD"));

        assertThat(config.finnhub().symbolMap()).containsExactly(Map.entry("BTC", "COINBASE:BTC-USD"));
    }

    static PollerConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(PollerConfig.class)
                // Quarkus's own reading of "15m", "500ms"
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(PollerConfig.class);
    }
}
