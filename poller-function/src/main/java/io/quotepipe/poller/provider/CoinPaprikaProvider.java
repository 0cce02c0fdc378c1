package io.quotepipe.poller.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.Quote;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.provider.ProviderException.Kind;
import io.quotepipe.poller.provider.internal.Fetch;
import io.quotepipe.poller.provider.internal.ProviderJson;
import io.quotepipe.poller.provider.internal.ProviderJson.BadField;
import io.quotepipe.poller.provider.internal.Urls;
import io.quotepipe.poller.secrets.ApiKeys;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * CoinPaprika (https://docs.coinpaprika.com/api-reference/tickers/get-tickers-for-all-active-coins):
 * {@code GET /v1/tickers?quotes=USD}, every active coin in one call, no key on the free tier (20,000
 * calls a month). A paid plan's key goes to {@code https://api-pro.coinpaprika.com} in the
 * {@code Authorization} header: set {@code quotepipe.coinpaprika.url} and {@code api-key} for it.
 *
 * <p>Normalisation: {@code symbol}, {@code name}, {@code rank}; {@code quotes.USD.price},
 * {@code volume_24h}, {@code market_cap} and {@code percent_change_1h/24h/7d} (already percentages),
 * read as decimals; {@code observedAt} is the coin's own {@code last_updated}. The answer holds every
 * coin: the top {@code coin-limit} by {@code rank} are kept (rank 0 marks an unranked coin, kept last),
 * or the codes of {@code quotepipe.poller.symbols}. A coin without a USD quote is rejected with that reason.
 */
public final class CoinPaprikaProvider implements QuoteProvider {

    public static final String ID = "coinpaprika";

    private final URI url;
    private final ApiKeys keys;
    private final ProviderHttp http;
    private final int coinLimit;
    private final List<String> symbols;
    private final Duration maxStaleness;

    /**
     * @param keys         a key is optional: sent only when configured (paid plans)
     * @param maxStaleness a coin whose {@code last_updated} is older than this at the fetch is rejected as stale
     */
    public CoinPaprikaProvider(URI url, ApiKeys keys, ProviderHttp http, int coinLimit, List<String> symbols,
                               Duration maxStaleness) {
        this.url = Objects.requireNonNull(url, "url");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.http = Objects.requireNonNull(http, "http");
        this.coinLimit = coinLimit;
        this.symbols = List.copyOf(symbols);
        this.maxStaleness = Objects.requireNonNull(maxStaleness, "maxStaleness");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderPoll fetch(PollRequest request) throws ProviderException {
        HttpRequest.Builder get = HttpRequest.newBuilder(Urls.join(url, "/v1/tickers?quotes=USD"))
                .header("accept", "application/json");
        if (keys.configured(ID)) {
            get.header("authorization", keys.require(ID));
        }
        Fetch fetch = new Fetch(ID, http, keys::redact, request, maxStaleness);
        Fetch.Answer answer = fetch.send("GET /v1/tickers?quotes=USD", get.GET().build());
        if (!answer.root().isArray()) {
            throw unexpected(answer.what(), answer.root());
        }
        List<JsonNode> coins = symbols.isEmpty() ? Fetch.topByRank(answer.root(), "rank", coinLimit) : list(answer.root());
        fetch.elements(coins, "symbol", answer.http().receivedAt(), CoinPaprikaProvider::fill);
        if (!symbols.isEmpty()) {
            fetch.keepNamed(symbols, "not among CoinPaprika's active coins");
        }
        return fetch.result();
    }

    static void read(JsonNode element, Instant fetchedAt, String pollId, Duration maxStaleness, List<Quote> quotes,
                     List<Rejected> rejected) {
        Fetch.element(ID, element, "symbol", fetchedAt, pollId, maxStaleness, CoinPaprikaProvider::fill, quotes, rejected);
    }

    private static void fill(JsonNode element, Quote.Builder quote) throws BadField {
        JsonNode usd = element.path("quotes").path("USD");
        if (!usd.isObject()) {
            throw new BadField("quotes.USD is " + (usd.isMissingNode() ? "missing" : ProviderJson.show(usd))
                    + ": no USD quote for this coin");
        }
        try {
            quote.priceUsd(ProviderJson.decimal(usd, "price"))
                    .volume24hUsd(ProviderJson.optionalDecimal(usd, "volume_24h"))
                    .marketCapUsd(ProviderJson.optionalDecimal(usd, "market_cap"))
                    .change1hPct(ProviderJson.optionalDecimal(usd, "percent_change_1h"))
                    .change24hPct(ProviderJson.optionalDecimal(usd, "percent_change_24h"))
                    .change7dPct(ProviderJson.optionalDecimal(usd, "percent_change_7d"));
        } catch (BadField e) {
            throw new BadField("quotes.USD." + e.getMessage());
        }
        String updated = ProviderJson.text(element, "last_updated");
        try {
            quote.observedAt(Instant.parse(updated));
        } catch (DateTimeParseException e) {
            throw new BadField("last_updated=\"" + ProviderJson.truncate(updated) + "\" is not an ISO-8601 time");
        }
        quote.name(ProviderJson.optionalText(element, "name"))
                .rank(rank(element));
    }

    /** {@code rank} 0 is CoinPaprika's "not ranked": no rank, not an invalid one. */
    private static Integer rank(JsonNode element) throws BadField {
        Integer rank = ProviderJson.optionalInteger(element, "rank");
        return rank != null && rank == 0 ? null : rank;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    /** JSON that is not the list: CoinPaprika's error envelope {@code {"error":"..."}}, or a changed API. */
    private ProviderException unexpected(String what, JsonNode root) {
        JsonNode error = root.path("error");
        if (error.isTextual()) {
            String text = keys.redact(ProviderJson.truncate(error.textValue()));
            String lower = text.toLowerCase();
            Kind kind = lower.contains("limit") || lower.contains("too many") ? Kind.RATE_LIMITED
                    : lower.contains("key") || lower.contains("auth") || lower.contains("plan") ? Kind.REJECTED : Kind.BAD_RESPONSE;
            return new ProviderException(ID, kind, what + ": error \"" + text + "\""
                    + (kind == Kind.REJECTED ? ". Check its plan and key (quotepipe.coinpaprika.url, quotepipe.coinpaprika.api-key)" : ""));
        }
        return new ProviderException(ID, Kind.BAD_RESPONSE, what + ": expected a JSON array of tickers, got "
                + ProviderJson.show(root) + ": \"" + keys.redact(ProviderJson.truncate(root.toString())) + "\"");
    }
}
