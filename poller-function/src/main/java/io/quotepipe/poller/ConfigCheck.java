package io.quotepipe.poller;

import io.quotepipe.poller.provider.CoinCapProvider;
import io.quotepipe.poller.provider.CoinLoreProvider;
import io.quotepipe.poller.provider.CoinPaprikaProvider;
import io.quotepipe.poller.provider.FinnhubProvider;
import io.quotepipe.poller.provider.LiveCoinWatchProvider;
import io.quotepipe.poller.provider.SimulatedProvider;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Start-up checks of {@link PollerConfig}: a poller that cannot work says so at once, naming the key
 * to fix, instead of failing every poll.
 */
public final class ConfigCheck {

    public static final List<String> PROVIDERS = List.of(CoinPaprikaProvider.ID, CoinLoreProvider.ID,
            LiveCoinWatchProvider.ID, CoinCapProvider.ID, FinnhubProvider.ID, SimulatedProvider.ID);
    /** Providers that need no key (CoinPaprika's is optional: paid plans). */
    public static final List<String> KEYLESS = List.of(CoinPaprikaProvider.ID, CoinLoreProvider.ID, SimulatedProvider.ID);
    static final int MAX_COIN_LIMIT = 5_000;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,31}");

    private ConfigCheck() {
    }

    /** Every problem found; empty when the configuration can work. */
    public static List<String> problems(PollerConfig c) {
        List<String> p = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (c.providers().isEmpty()) {
            p.add("quotepipe.providers is empty; name at least one of " + PROVIDERS);
        }
        for (String id : c.providers()) {
            if (!PROVIDERS.contains(id)) {
                p.add("quotepipe.providers names '" + id + "', which is not a provider; known: " + PROVIDERS);
            } else if (!seen.add(id)) {
                p.add("quotepipe.providers names '" + id + "' twice");
            }
        }
        if (c.poller().coinLimit() < 1 || c.poller().coinLimit() > MAX_COIN_LIMIT) {
            p.add("quotepipe.poller.coin-limit=" + c.poller().coinLimit() + ": must be between 1 and " + MAX_COIN_LIMIT);
        }
        c.poller().symbols().orElse(List.of()).forEach(code -> code(p, "quotepipe.poller.symbols", code));
        positive(p, "quotepipe.poller.fetch-deadline", c.poller().fetchDeadline());
        positive(p, "quotepipe.poller.key-refresh", c.poller().keyRefresh());
        positive(p, "quotepipe.poller.max-staleness", c.poller().maxStaleness());
        if (c.kafka().sendTimeout().compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("quotepipe.kafka.send-timeout=" + c.kafka().sendTimeout() + ": must be at least 1s");
        }
        positive(p, "quotepipe.http.connect-timeout", c.http().connectTimeout());
        positive(p, "quotepipe.http.read-timeout", c.http().readTimeout());
        if (c.http().maxAttempts() < 1 || c.http().maxAttempts() > 10) {
            p.add("quotepipe.http.max-attempts=" + c.http().maxAttempts() + ": must be between 1 and 10");
        }
        if (c.http().backoff().isNegative() || c.http().maxBackoff().compareTo(c.http().backoff()) < 0) {
            p.add("quotepipe.http.backoff=" + c.http().backoff() + " and quotepipe.http.max-backoff=" + c.http().maxBackoff()
                    + ": need 0 <= backoff <= max-backoff");
        }
        if (c.alerts().window().isNegative()) {
            p.add("quotepipe.alerts.window=" + c.alerts().window() + ": must not be negative");
        }
        c.alerts().topicArn().filter(arn -> !arn.isBlank() && !arn.startsWith("arn:"))
                .ifPresent(arn -> p.add("quotepipe.alerts.topic-arn='" + arn + "' is not an ARN (arn:aws:sns:<region>:<account>:quotepipe-alerts)"));
        url(p, "quotepipe.coinpaprika.url", c.coinpaprika().url());
        url(p, "quotepipe.coinlore.url", c.coinlore().url());
        url(p, "quotepipe.livecoinwatch.url", c.livecoinwatch().url());
        if (c.providers().contains(CoinLoreProvider.ID)) {
            // One page of 100 a second, as CoinLore asks: the pages after the first wait that long.
            long seconds = (c.poller().coinLimit() + 99) / 100 - 1;
            if (Duration.ofSeconds(seconds).compareTo(c.poller().fetchDeadline()) >= 0) {
                p.add("CoinLore needs " + (seconds + 1) + " calls, one a second, for quotepipe.poller.coin-limit="
                        + c.poller().coinLimit() + ": more than quotepipe.poller.fetch-deadline=" + c.poller().fetchDeadline()
                        + " allows; lower the coin limit or raise the deadline");
            }
        }
        url(p, "quotepipe.coincap.url", c.coincap().url());
        url(p, "quotepipe.finnhub.url", c.finnhub().url());
        if (c.providers().contains(FinnhubProvider.ID)) {
            List<String> codes = c.poller().symbols().orElse(c.finnhub().symbols());
            codes.forEach(code -> code(p, "quotepipe.finnhub.symbols", code));
            if (c.finnhub().callsPerMinute() < 1) {
                p.add("quotepipe.finnhub.calls-per-minute=" + c.finnhub().callsPerMinute() + ": must be at least 1");
            } else if (codes.size() > c.finnhub().callsPerMinute()) {
                p.add("Finnhub would need " + codes.size() + " calls per poll (quotepipe.poller.symbols or quotepipe.finnhub.symbols), "
                        + "more than quotepipe.finnhub.calls-per-minute=" + c.finnhub().callsPerMinute() + " allows");
            }
            try {
                String.format(c.finnhub().symbolFormat(), "BTC");
            } catch (IllegalFormatException e) {
                p.add("quotepipe.finnhub.symbol-format='" + c.finnhub().symbolFormat() + "' is not a format with one %s");
            }
        }
        if (c.simulated().coins() < 1 || c.simulated().coins() > 100_000) {
            p.add("quotepipe.simulated.coins=" + c.simulated().coins() + ": must be between 1 and 100000");
        }
        return p;
    }

    private static void positive(List<String> p, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            p.add(key + "=" + value + ": must be positive");
        }
    }

    private static void code(List<String> p, String key, String code) {
        if (!CODE.matcher(code).matches()) {
            p.add(key + " names '" + code + "', which is not a coin code (letters, digits, . _ -)");
        }
    }

    private static void url(List<String> p, String key, String value) {
        try {
            URI uri = new URI(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                p.add(key + "='" + value + "': must be an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            p.add(key + "='" + value + "' is not a URL: " + e.getReason());
        }
    }
}
