package io.quotepipe.poller.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.Quote;
import io.quotepipe.poller.http.CallRateLimiter;
import io.quotepipe.poller.http.HttpAnswer;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.provider.ProviderException.Kind;
import io.quotepipe.poller.provider.internal.ProviderJson;
import io.quotepipe.poller.provider.internal.ProviderJson.BadField;
import io.quotepipe.poller.provider.internal.Urls;
import io.quotepipe.poller.secrets.ApiKeys;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
        List<Quote> quotes = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Duration httpTime = Duration.ZERO;
        for (Map.Entry<String, String> coin : symbols.entrySet()) {
            limiter.acquire(request.deadline());
            String what = "GET /api/v1/quote?symbol=" + coin.getValue();
            HttpRequest get = HttpRequest.newBuilder(Urls.join(url, "/api/v1/quote?symbol="
                            + URLEncoder.encode(coin.getValue(), StandardCharsets.UTF_8)))
                    .header("accept", "application/json")
                    .header("X-Finnhub-Token", key)
                    .GET().build();
            HttpAnswer answer = http.send(what, get, request.deadline());
            httpTime = httpTime.plus(answer.elapsed());
            JsonNode root = ProviderJson.parse(ID, what, answer, keys::redact);
            if (!root.isObject() || root.has("error")) {
                throw new ProviderException(ID, Kind.BAD_RESPONSE, what + ": expected a quote object, got \""
                        + keys.redact(LiveCoinWatchProvider.truncate(root.toString())) + "\"");
            }
            read(coin.getKey(), coin.getValue(), root, answer.receivedAt(), request.pollId(), quotes, rejected);
        }
        return new ProviderPoll(ID, quotes, rejected, httpTime);
    }

    static void read(String code, String symbol, JsonNode root, Instant fetchedAt, String pollId, List<Quote> quotes,
                     List<Rejected> rejected) {
        try {
            long t = root.hasNonNull("t") ? ProviderJson.epoch(root, "t") : 0;
            if (t == 0) {
                rejected.add(new Rejected(code, "Finnhub knows no symbol " + symbol + " (all zeros, t == 0); map "
                        + code + " with quotepipe.finnhub.symbol-map." + code));
                return;
            }
            BigDecimal price = ProviderJson.decimal(root, "c");
            quotes.add(Quote.builder()
                    .source(ID).symbol(code)
                    .priceUsd(price)
                    .change24hPct(ProviderJson.optionalDecimal(root, "dp"))
                    .observedAt(Instant.ofEpochSecond(t))
                    .fetchedAt(fetchedAt).pollId(pollId)
                    .build());
        } catch (BadField e) {
            rejected.add(new Rejected(code, e.getMessage()));
        } catch (java.time.DateTimeException e) {
            rejected.add(new Rejected(code, "t=" + ProviderJson.show(root.get("t")) + " is not a time"));
        }
    }
}
