package io.quotepipe.poller.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.Quote;
import io.quotepipe.poller.http.CallRateLimiter;
import io.quotepipe.poller.http.HttpAnswer;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.provider.ProviderException.Kind;
import io.quotepipe.poller.provider.internal.Fetch;
import io.quotepipe.poller.provider.internal.ProviderJson;
import io.quotepipe.poller.provider.internal.ProviderJson.BadField;
import io.quotepipe.poller.provider.internal.Urls;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * CoinLore (https://www.coinlore.com/cryptocurrency-data-api): {@code GET /api/tickers/?start=N&limit=100},
 * the coins by rank in pages of 100 (the API's maximum), no key, and at most one request a second as
 * CoinLore asks (a client-side limit spaces the pages).
 *
 * <p>Answer: {@code {"data":[...],"info":{"coins_num":..,"time":epochSeconds}}}. Prices, market caps
 * and percentages are numeric strings ({@code "price_usd":"6456.52"}), {@code volume24} and
 * {@code rank} JSON numbers: all read as decimals. {@code percent_change_1h/24h/7d} are already
 * percentages. {@code info.time} is {@code observedAt} of every coin of the page; a page observed
 * longer than {@code max-staleness} before its fetch is rejected coin by coin as stale, which fails
 * the provider over. With {@code quotepipe.poller.symbols}, the top {@code coin-limit} coins are
 * fetched and the named ones kept (CoinLore looks coins up by its own ids, not by code).
 */
public final class CoinLoreProvider implements QuoteProvider {

    public static final String ID = "coinlore";
    /** {@code /api/tickers/} answers at most 100 coins per call. */
    static final int PAGE = 100;

    private final URI url;
    private final ProviderHttp http;
    private final CallRateLimiter limiter;
    private final int coinLimit;
    private final List<String> symbols;
    private final Duration maxStaleness;
    private final UnaryOperator<String> redact;

    /**
     * @param limiter      spaces the calls (CoinLore asks for about one a second)
     * @param maxStaleness a page whose {@code info.time} is older than this at the fetch is rejected as stale
     */
    public CoinLoreProvider(URI url, ProviderHttp http, CallRateLimiter limiter, int coinLimit, List<String> symbols,
                            Duration maxStaleness) {
        this.url = Objects.requireNonNull(url, "url");
        this.http = Objects.requireNonNull(http, "http");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.coinLimit = coinLimit;
        this.symbols = List.copyOf(symbols);
        this.maxStaleness = Objects.requireNonNull(maxStaleness, "maxStaleness");
        this.redact = UnaryOperator.identity(); // no key: nothing of ours can be echoed
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderPoll fetch(PollRequest request) throws ProviderException {
        Fetch fetch = new Fetch(ID, http, redact, request, maxStaleness);
        fetch.pages(coinLimit, PAGE, (start, limit) -> {
            limiter.acquire(request.deadline());
            String query = "/api/tickers/?start=" + start + "&limit=" + limit;
            HttpRequest get = HttpRequest.newBuilder(Urls.join(url, query)).header("accept", "application/json").GET().build();
            return read(fetch, fetch.send("GET " + query, get));
        });
        if (!symbols.isEmpty()) {
            fetch.keepNamed(symbols, "not among CoinLore's top " + coinLimit + " coins (quotepipe.poller.coin-limit)");
        }
        return fetch.result();
    }

    private int read(Fetch fetch, Fetch.Answer answer) throws ProviderException {
        JsonNode data = answer.root().path("data");
        if (!data.isArray()) {
            throw unexpected(answer.what(), answer.root());
        }
        Instant observedAt = observedAt(answer.root(), answer.http());
        fetch.elements(data, "symbol", answer.http().receivedAt(), (element, quote) -> fill(element, observedAt, quote));
        return data.size();
    }

    static void read(JsonNode element, Instant observedAt, Instant fetchedAt, String pollId, Duration maxStaleness,
                     List<Quote> quotes, List<Rejected> rejected) {
        Fetch.element(ID, element, "symbol", fetchedAt, pollId, maxStaleness, (e, quote) -> fill(e, observedAt, quote),
                quotes, rejected);
    }

    private static void fill(JsonNode element, Instant observedAt, Quote.Builder quote) throws BadField {
        quote.name(ProviderJson.optionalText(element, "name"))
                .rank(ProviderJson.optionalInteger(element, "rank"))
                .priceUsd(ProviderJson.decimal(element, "price_usd"))
                .volume24hUsd(ProviderJson.optionalDecimal(element, "volume24"))
                .marketCapUsd(ProviderJson.optionalDecimal(element, "market_cap_usd"))
                .change1hPct(ProviderJson.optionalDecimal(element, "percent_change_1h"))
                .change24hPct(ProviderJson.optionalDecimal(element, "percent_change_24h"))
                .change7dPct(ProviderJson.optionalDecimal(element, "percent_change_7d"))
                .observedAt(observedAt);
    }

    /** {@code info.time}; the {@code Date} header, then our receive time, when the page has none or a bad one. */
    static Instant observedAt(JsonNode root, HttpAnswer answer) {
        JsonNode info = root.path("info");
        try {
            if (info.hasNonNull("time")) {
                return Instant.ofEpochSecond(ProviderJson.epoch(info, "time"));
            }
        } catch (BadField | DateTimeException e) {
            // fall back below: a bad answer time does not make the prices unusable
        }
        return answer.date().orElse(answer.receivedAt());
    }

    /** JSON without a {@code data} array: an {@code error}, or a changed API. */
    private static ProviderException unexpected(String what, JsonNode root) {
        JsonNode error = root.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            String text = ProviderJson.truncate(error.isTextual() ? error.textValue() : error.toString());
            String lower = text.toLowerCase();
            Kind kind = lower.contains("limit") || lower.contains("too many") ? Kind.RATE_LIMITED : Kind.BAD_RESPONSE;
            return new ProviderException(ID, kind, what + ": error \"" + text + "\"");
        }
        return new ProviderException(ID, Kind.BAD_RESPONSE, what + ": expected {\"data\":[...],\"info\":{...}}, got "
                + ProviderJson.show(root) + ": \"" + ProviderJson.truncate(root.toString()) + "\"");
    }
}
