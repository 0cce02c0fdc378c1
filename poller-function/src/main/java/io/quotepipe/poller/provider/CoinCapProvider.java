package io.quotepipe.poller.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.Quote;
import io.quotepipe.poller.http.HttpAnswer;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.provider.ProviderException.Kind;
import io.quotepipe.poller.provider.internal.Fetch;
import io.quotepipe.poller.provider.internal.ProviderJson;
import io.quotepipe.poller.provider.internal.ProviderJson.BadField;
import io.quotepipe.poller.provider.internal.Urls;
import io.quotepipe.poller.secrets.ApiKeys;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * CoinCap v3 (https://pro.coincap.io/api-docs): {@code GET /v3/assets?limit=N&offset=M} with
 * {@code Authorization: Bearer <key>}. Every number is a string ({@code "priceUsd":"6929.82"}), read
 * straight into decimals; {@code changePercent24Hr} is already a percentage; the top-level
 * {@code timestamp} (epoch ms) is {@code observedAt}. v2 ({@code api.coincap.io/v2}) is gone and
 * answers a deprecation notice where the data should be: that is a failed provider, not quotes.
 *
 * <p>With {@code quotepipe.poller.symbols}, one call fetches the top {@value #PAGE} assets and the
 * named codes are kept; a code not among them is reported as skipped.
 */
public final class CoinCapProvider implements QuoteProvider {

    public static final String ID = "coincap";
    /** Largest {@code limit} v3 accepts. */
    static final int PAGE = 2000;

    private final URI url;
    private final ApiKeys keys;
    private final ProviderHttp http;
    private final int coinLimit;
    private final List<String> symbols;

    public CoinCapProvider(URI url, ApiKeys keys, ProviderHttp http, int coinLimit, List<String> symbols) {
        this.url = Objects.requireNonNull(url, "url");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.http = Objects.requireNonNull(http, "http");
        this.coinLimit = coinLimit;
        this.symbols = List.copyOf(symbols);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderPoll fetch(PollRequest request) throws ProviderException {
        String key = keys.require(ID);
        Fetch fetch = new Fetch(ID, http, keys::redact, request);
        fetch.pages(symbols.isEmpty() ? coinLimit : PAGE, PAGE, (offset, limit) -> {
            String query = "/v3/assets?limit=" + limit + "&offset=" + offset;
            HttpRequest get = HttpRequest.newBuilder(Urls.join(url, query))
                    .header("accept", "application/json")
                    .header("authorization", "Bearer " + key)
                    .GET().build();
            return read(fetch, fetch.send("GET " + query, get));
        });
        if (!symbols.isEmpty()) {
            fetch.keepNamed(symbols, "not among CoinCap's top " + PAGE + " assets");
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

    static void read(JsonNode element, Instant observedAt, Instant fetchedAt, String pollId, List<Quote> quotes,
                     List<Rejected> rejected) {
        Fetch.element(ID, element, "symbol", fetchedAt, pollId, (e, quote) -> fill(e, observedAt, quote), quotes, rejected);
    }

    private static void fill(JsonNode element, Instant observedAt, Quote.Builder quote) throws BadField {
        quote.name(ProviderJson.optionalText(element, "name"))
                .rank(ProviderJson.optionalInteger(element, "rank"))
                .priceUsd(ProviderJson.decimal(element, "priceUsd"))
                .volume24hUsd(ProviderJson.optionalDecimal(element, "volumeUsd24Hr"))
                .marketCapUsd(ProviderJson.optionalDecimal(element, "marketCapUsd"))
                .change24hPct(ProviderJson.optionalDecimal(element, "changePercent24Hr"))
                .observedAt(observedAt);
    }

    /** The answer's {@code timestamp}; the {@code Date} header, then our receive time, when it has none. */
    private static Instant observedAt(JsonNode root, HttpAnswer answer) {
        try {
            if (root.hasNonNull("timestamp")) {
                return Instant.ofEpochMilli(ProviderJson.epoch(root, "timestamp"));
            }
        } catch (BadField | java.time.DateTimeException e) {
            // fall back below: a bad answer time does not make the prices unusable
        }
        return answer.date().orElse(answer.receivedAt());
    }

    /** JSON without a {@code data} array: v2's deprecation notice, an {@code error}, or a changed API. */
    private ProviderException unexpected(String what, JsonNode root) {
        JsonNode message = root.path("data").path("message");
        if (message.isTextual()) {
            return new ProviderException(ID, Kind.BAD_RESPONSE, what + ": no asset list; CoinCap says \""
                    + keys.redact(message.textValue().replaceAll("\\s+", " ").trim())
                    + "\". Point quotepipe.coincap.url at the v3 API (https://rest.coincap.io)");
        }
        JsonNode error = root.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            String text = keys.redact(error.isTextual() ? error.textValue() : error.toString());
            boolean key = text.toLowerCase().contains("key") || text.toLowerCase().contains("auth");
            return new ProviderException(ID, key ? Kind.REJECTED : Kind.BAD_RESPONSE, what + ": error \""
                    + ProviderJson.truncate(text) + "\"" + (key ? ". Check its API key (quotepipe.coincap.api-key)" : ""));
        }
        return new ProviderException(ID, Kind.BAD_RESPONSE, what + ": expected {\"data\":[...]}, got \""
                + keys.redact(ProviderJson.truncate(root.toString())) + "\"");
    }
}
