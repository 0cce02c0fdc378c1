package io.quotepipe.poller;

import io.quarkus.arc.DefaultBean;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.alert.InMemoryFoldState;
import io.quotepipe.core.alert.RecordedAlertSink;
import io.quotepipe.core.time.Backoff;
import io.quotepipe.core.time.Jitter;
import io.quotepipe.core.time.Sleeper;
import io.quotepipe.poller.http.CallRateLimiter;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.http.RetryPolicy;
import io.quotepipe.poller.provider.CoinCapProvider;
import io.quotepipe.poller.provider.CoinLoreProvider;
import io.quotepipe.poller.provider.CoinPaprikaProvider;
import io.quotepipe.poller.provider.FinnhubProvider;
import io.quotepipe.poller.provider.LiveCoinWatchProvider;
import io.quotepipe.poller.provider.ProviderChain;
import io.quotepipe.poller.provider.QuoteProvider;
import io.quotepipe.poller.provider.SimulatedProvider;
import io.quotepipe.poller.secrets.ApiKeys;
import io.quotepipe.poller.secrets.SsmParameterStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that turns {@link PollerConfig} into objects: the providers in their order, the
 * HTTP client they share, the API keys and the alerts. Everything it builds has a plain constructor,
 * so tests wire the same classes by hand.
 */
@ApplicationScoped
public class PollerBeans {

    private static final Logger LOG = Logger.getLogger(PollerBeans.class);

    /** Waits between retries; a test swaps in one that moves its clock. */
    @Produces
    @DefaultBean
    @Singleton
    Sleeper sleeper() {
        return Sleeper.SYSTEM;
    }

    /** One client for every provider: connection pool and threads are per client. HTTP/1.1: a few requests a poll gain nothing from h2. */
    @Produces
    @Singleton
    HttpClient httpClient(PollerConfig config) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.http().connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Produces
    @Singleton
    ApiKeys apiKeys(PollerConfig config, Instance<SsmClient> ssm, Clock clock) {
        return new ApiKeys(List.of(
                new ApiKeys.Source(CoinPaprikaProvider.ID, config.coinpaprika().apiKey(), config.coinpaprika().apiKeyParameter()),
                new ApiKeys.Source(LiveCoinWatchProvider.ID, config.livecoinwatch().apiKey(), config.livecoinwatch().apiKeyParameter()),
                new ApiKeys.Source(CoinCapProvider.ID, config.coincap().apiKey(), config.coincap().apiKeyParameter()),
                new ApiKeys.Source(FinnhubProvider.ID, config.finnhub().apiKey(), config.finnhub().apiKeyParameter())),
                new SsmParameterStore(ssm::get), clock, config.poller().keyRefresh());
    }

    /**
     * The providers of {@code quotepipe.providers}, after {@link ConfigCheck}: a configuration that
     * cannot work stops the start with every problem named.
     */
    @Produces
    @Singleton
    ProviderChain providers(PollerConfig config, HttpClient http, ApiKeys keys, Clock clock, Sleeper sleeper) {
        List<String> problems = ConfigCheck.problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the poller's configuration cannot work:\n  - " + String.join("\n  - ", problems));
        }
        List<String> symbols = config.poller().symbols().orElse(List.of());
        List<QuoteProvider> chain = new ArrayList<>();
        for (String id : config.providers()) {
            chain.add(switch (id) {
                case CoinPaprikaProvider.ID -> new CoinPaprikaProvider(URI.create(config.coinpaprika().url()), keys,
                        http(id, config, http, keys, clock, sleeper), config.poller().coinLimit(), symbols,
                        config.poller().maxStaleness());
                case CoinLoreProvider.ID -> new CoinLoreProvider(URI.create(config.coinlore().url()),
                        http(id, config, http, keys, clock, sleeper),
                        new CallRateLimiter(id, 1, Duration.ofSeconds(1), clock, sleeper),
                        config.poller().coinLimit(), symbols, config.poller().maxStaleness());
                case LiveCoinWatchProvider.ID -> new LiveCoinWatchProvider(URI.create(config.livecoinwatch().url()), keys,
                        http(id, config, http, keys, clock, sleeper), config.poller().coinLimit(), symbols);
                case CoinCapProvider.ID -> new CoinCapProvider(URI.create(config.coincap().url()), keys,
                        http(id, config, http, keys, clock, sleeper), config.poller().coinLimit(), symbols);
                case FinnhubProvider.ID -> new FinnhubProvider(URI.create(config.finnhub().url()), keys,
                        http(id, config, http, keys, clock, sleeper),
                        new CallRateLimiter(id, config.finnhub().callsPerMinute(), clock, sleeper),
                        symbols.isEmpty() ? config.finnhub().symbols() : symbols,
                        config.finnhub().symbolMap(), config.finnhub().symbolFormat());
                case SimulatedProvider.ID -> new SimulatedProvider(config.simulated().seed(), config.simulated().coins(), clock);
                default -> throw new IllegalStateException("unreachable: ConfigCheck knows " + id);
            });
        }
        ProviderChain providers = new ProviderChain(chain);
        describe(config, providers, keys);
        return providers;
    }

    private static ProviderHttp http(String id, PollerConfig config, HttpClient client, ApiKeys keys, Clock clock,
                                     Sleeper sleeper) {
        RetryPolicy retry = new RetryPolicy(config.http().maxAttempts(),
                new Backoff(config.http().backoff(), config.http().maxBackoff(), Jitter.equal()));
        String keyHint = id.equals(CoinLoreProvider.ID) ? "CoinLore needs none: check quotepipe.coinlore.url"
                : "quotepipe." + id + ".api-key or quotepipe." + id + ".api-key-parameter";
        return new ProviderHttp(id, client, clock, sleeper, retry, config.http().readTimeout(), keys::redact, keyHint);
    }

    /** The start-up story: which providers, in which order, where their keys come from (never the keys). */
    private static void describe(PollerConfig config, ProviderChain providers, ApiKeys keys) {
        List<String> lines = new ArrayList<>();
        for (QuoteProvider p : providers.providers()) {
            lines.add(switch (p.id()) {
                case SimulatedProvider.ID -> "simulated (offline market of " + config.simulated().coins() + " coins, seed "
                        + config.simulated().seed() + ")";
                case CoinPaprikaProvider.ID -> p.id() + " at " + config.coinpaprika().url() + ", "
                        + (keys.configured(p.id()) ? keys.origin(p.id()) : "no key (free tier)")
                        + ", max staleness " + config.poller().maxStaleness();
                case CoinLoreProvider.ID -> p.id() + " at " + config.coinlore().url() + ", no key, one call a second"
                        + ", max staleness " + config.poller().maxStaleness();
                case LiveCoinWatchProvider.ID -> p.id() + " at " + config.livecoinwatch().url() + ", " + keys.origin(p.id());
                case CoinCapProvider.ID -> p.id() + " at " + config.coincap().url() + ", " + keys.origin(p.id());
                default -> p.id() + " at " + config.finnhub().url() + ", " + keys.origin(p.id()) + ", symbols "
                        + ((FinnhubProvider) p).symbols().keySet();
            });
            if (!ConfigCheck.KEYLESS.contains(p.id()) && !keys.configured(p.id())) {
                LOG.warnf("%s is in quotepipe.providers but has no API key: set quotepipe.%s.api-key or quotepipe.%s.api-key-parameter; "
                        + "until then every poll fails over from it", p.id(), p.id(), p.id());
            }
        }
        LOG.infof("poller: providers in order: %s; %s; fetch deadline %s, Kafka send timeout %s",
                String.join(", then ", lines),
                config.poller().symbols().map(s -> "symbols " + s).orElse("top " + config.poller().coinLimit() + " coins by rank"),
                config.poller().fetchDeadline(), config.kafka().sendTimeout());
        if (providers.ids().equals(List.of(SimulatedProvider.ID))) {
            List<String> keyed = ConfigCheck.PROVIDERS.stream().filter(keys::configured).toList();
            LOG.infof("poller: polling the simulated market only (quotepipe.providers=simulated, as the local run sets it): offline, no API key needed%s",
                    keyed.isEmpty() ? "" : "; keys are configured for " + keyed + ": add them to quotepipe.providers to use them");
        }
    }

    /** Alerts to SNS when {@code quotepipe.alerts.topic-arn} is set; otherwise only to the log. */
    @Produces
    @Singleton
    Alerts alerts(PollerConfig config, Instance<SnsClient> sns, Instance<S3Client> s3, Clock clock) {
        // Also recorded in the lake when it is set, for the pipeline panel (docs/design.md, "Pipeline records").
        Optional<RecordedAlertSink.Store> record = config.s3().bucket().filter(b -> !b.isBlank())
                .map(bucket -> (RecordedAlertSink.Store) (key, json) -> s3.get().putObject(p -> p.bucket(bucket).key(key)
                        .contentType("application/json"), RequestBody.fromString(json)));
        return Alerts.from(config.alerts(), sns::get, clock, new InMemoryFoldState(), record);
    }

    /** Each poll recorded in the lake's {@code status/poller.json} when {@code quotepipe.s3.bucket} is set. */
    @Produces
    @Singleton
    PollRecorder pollRecorder(PollerConfig config, Instance<S3Client> s3, Clock clock) {
        Optional<String> bucket = config.s3().bucket().filter(b -> !b.isBlank());
        if (bucket.isEmpty()) {
            LOG.info("poller: no quotepipe.s3.bucket: polls and alerts are not recorded for the pipeline panel");
            return PollRecorder.none();
        }
        LOG.infof("poller: each poll is recorded at s3://%s/%s, each alert under alerts/", bucket.get(), PollRecorder.KEY);
        return new PollRecorder(s3.get(), bucket.get(), clock);
    }
}
