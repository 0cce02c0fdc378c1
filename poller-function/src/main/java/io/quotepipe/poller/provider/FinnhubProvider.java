package io.quotepipe.poller.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.Quote;
import io.quotepipe.poller.http.CallRateLimiter;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.provider.ProviderException.Kind;
import io.quotepipe.poller.provider.internal.Fetch;
import io.quotepipe.poller.provider.internal.ProviderJson;
import io.quotepipe.poller.provider.internal.ProviderJson.BadField;
import io.quotepipe.poller.provider.internal.Urls;
import io.quotepipe.poller.secrets.ApiKeys;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finnhub (https://finnhub.io/docs/api/quote): {@code GET /api/v1/quote?symbol=BINANCE:BTCUSDT}, one
 * call per coin, {@code {"c":..,"d":..,"dp":..,"h":..,"l":..,"o":..,"pc":..,"t":epochSeconds}}.
 * The key goes in the {@code X-Finnhub-Token} header, not the {@code token} query parameter, so that
 * no URL (in a log line, an exception, a proxy's log) ever holds it. An unknown symbol answers all
 * zeros: {@code t == 0} is a skipped coin, and a poll where most coins are unknown is a failed one.
 * Calls go through a client-side limit of {@code calls-per-minute} (free tier: 60).
 *
 * <p>Coins map to Finnhub symbols through {@code quotepipe.finnhub.symbol-map} or, for codes not in
 * it, {@code quotepipe.finnhub.symbol-format} ({@code BINANCE:%sUSDT}). Prices of USDT pairs are
 * taken as USD.
 */
public final class FinnhubProvider implements QuoteProvider {

    public static final String ID = "finnhub";

    private final URI url;
    private final ApiKeys keys;
    private final ProviderHttp http;
    private final CallRateLimiter limiter;
    /** Our code → Finnhub symbol, in polling order. */
    private final Map<String, String> symbols;

    public FinnhubProvider(URI url, ApiKeys keys, ProviderHttp http, CallRateLimiter limiter, List<String> codes,
                           Map<String, String> symbolMap, String symbolFormat) {
        this.url = Objects.requireNonNull(url, "url");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.http = Objects.requireNonNull(http, "http");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.symbols = new LinkedHashMap<>();
        for (String code : codes) {
            symbols.put(code, symbolMap.getOrDefault(code, String.format(symbolFormat, code)));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    /** The Finnhub symbol each code is asked as. */
    public Map<String, String> symbols() {
        return Map.copyOf(symbols);
    }

    @Override
    public ProviderPoll fetch(PollRequest request) throws ProviderException {
        String key = keys.require(ID);
        Fetch fetch = new Fetch(ID, http, keys::redact, request);
        for (Map.Entry<String, String> coin : symbols.entrySet()) {
            limiter.acquire(request.deadline());
            HttpRequest get = HttpRequest.newBuilder(Urls.join(url, "/api/v1/quote?symbol="
                            + URLEncoder.encode(coin.getValue(), StandardCharsets.UTF_8)))
                    .header("accept", "application/json")
                    .header("X-Finnhub-Token", key)
                    .GET().build();
            Fetch.Answer answer = fetch.send("GET /api/v1/quote?symbol=" + coin.getValue(), get);
            if (!answer.root().isObject() || answer.root().has("error")) {
                throw new ProviderException(ID, Kind.BAD_RESPONSE, answer.what() + ": expected a quote object, got \""
                        + keys.redact(ProviderJson.truncate(answer.root().toString())) + "\"");
            }
            fetch.element(coin.getKey(), answer.root(), answer.http().receivedAt(), (root, quote) -> fill(coin.getKey(), coin.getValue(), root, quote));
        }
        return fetch.result();
    }

    static void read(String code, String symbol, JsonNode root, Instant fetchedAt, String pollId, List<Quote> quotes,
                     List<Rejected> rejected) {
        Fetch.known(ID, code, root, fetchedAt, pollId, (e, quote) -> fill(code, symbol, e, quote), quotes, rejected);
    }

    private static void fill(String code, String symbol, JsonNode root, Quote.Builder quote) throws BadField {
        long t = root.hasNonNull("t") ? ProviderJson.epoch(root, "t") : 0;
        if (t == 0) {
            throw new BadField("Finnhub knows no symbol " + symbol + " (all zeros, t == 0); map "
                    + code + " with quotepipe.finnhub.symbol-map." + code);
        }
        Instant observedAt;
        try {
            observedAt = Instant.ofEpochSecond(t);
        } catch (java.time.DateTimeException e) {
            throw new BadField("t=" + ProviderJson.show(root.get("t")) + " is not a time");
        }
        quote.priceUsd(ProviderJson.decimal(root, "c"))
                .change24hPct(ProviderJson.optionalDecimal(root, "dp"))
                .observedAt(observedAt);
    }
}
