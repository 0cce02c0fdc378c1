package io.quotepipe.poller.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quotepipe.core.Quote;
import io.quotepipe.poller.http.HttpAnswer;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.provider.ProviderException.Kind;
import io.quotepipe.poller.provider.internal.Fetch;
import io.quotepipe.poller.provider.internal.ProviderJson;
import io.quotepipe.poller.provider.internal.ProviderJson.BadField;
import io.quotepipe.poller.provider.internal.Urls;
import io.quotepipe.poller.secrets.ApiKeys;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Objects;

/**
 * LiveCoinWatch (https://livecoinwatch.github.io/lcw-api-docs/): {@code POST /coins/list}, the top
 * {@code coin-limit} coins by rank in pages of 100 (the API's maximum) with {@code offset}; or
 * {@code POST /coins/map} for the codes of {@code quotepipe.poller.symbols}. Key in {@code x-api-key}.
 *
 * <p>Normalisation: {@code code} is the symbol, {@code rate} the price, {@code volume} and
 * {@code cap} the 24 h volume and market cap, and {@code delta.hour/day/week} are ratios (1.003
 * means +0.3 %) turned into percentages. The answer has no time of its own: {@code observedAt} is
 * the provider's {@code Date} header, our receive time when it sends none.
 */
public final class LiveCoinWatchProvider implements QuoteProvider {

    public static final String ID = "livecoinwatch";
    /** {@code /coins/list} answers at most 100 coins per call. */
    static final int PAGE = 100;
    private static final BigDecimal ONE = BigDecimal.ONE;

    private final URI url;
    private final ApiKeys keys;
    private final ProviderHttp http;
    private final int coinLimit;
    private final List<String> symbols;

    /**
     * @param url       base URL, e.g. {@code https://api.livecoinwatch.com}
     * @param coinLimit how many coins by rank, when {@code symbols} is empty
     * @param symbols   codes to ask for instead, through {@code /coins/map}
     */
    public LiveCoinWatchProvider(URI url, ApiKeys keys, ProviderHttp http, int coinLimit, List<String> symbols) {
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
        if (!symbols.isEmpty()) {
            ObjectNode body = listBody(0, symbols.size());
            body.putArray("codes").addAll(symbols.stream().map(ProviderJson.MAPPER.getNodeFactory()::textNode).toList());
            read(fetch, fetch.send("POST /coins/map (" + symbols.size() + " codes)", post("/coins/map", body, key)));
        } else {
            fetch.pages(coinLimit, PAGE, (offset, limit) -> read(fetch,
                    fetch.send("POST /coins/list offset " + offset + " limit " + limit, post("/coins/list", listBody(offset, limit), key))));
        }
        return fetch.result();
    }

    /** The body of {@code /coins/list} and {@code /coins/map}, as in the API documentation. */
    static ObjectNode listBody(int offset, int limit) {
        ObjectNode body = ProviderJson.MAPPER.createObjectNode();
        body.put("currency", "USD").put("sort", "rank").put("order", "ascending")
                .put("offset", offset).put("limit", limit).put("meta", true);
        return body;
    }

    private HttpRequest post(String path, ObjectNode body, String key) {
        return HttpRequest.newBuilder(Urls.join(url, path))
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    /** Reads one answer's coins; returns how many elements it had. */
    private int read(Fetch fetch, Fetch.Answer answer) throws ProviderException {
        if (!answer.root().isArray()) {
            throw unexpected(answer.what(), answer.root());
        }
        fetch.elements(answer.root(), "code", answer.http().receivedAt(), (element, quote) -> fill(element, answer.http(), quote));
        return answer.root().size();
    }

    /** Normalises one element; a bad one is rejected with its reason, never thrown. */
    static void read(JsonNode element, HttpAnswer answer, PollRequest request, List<Quote> quotes, List<Rejected> rejected) {
        Fetch.element(ID, element, "code", answer.receivedAt(), request.pollId(), (e, quote) -> fill(e, answer, quote),
                quotes, rejected);
    }

    private static void fill(JsonNode element, HttpAnswer answer, Quote.Builder quote) throws BadField {
        JsonNode delta = element.path("delta");
        quote.name(ProviderJson.optionalText(element, "name"))
                .rank(ProviderJson.optionalInteger(element, "rank"))
                .priceUsd(ProviderJson.decimal(element, "rate"))
                .volume24hUsd(ProviderJson.optionalDecimal(element, "volume"))
                .marketCapUsd(ProviderJson.optionalDecimal(element, "cap"))
                .change1hPct(percent(delta, "hour"))
                .change24hPct(percent(delta, "day"))
                .change7dPct(percent(delta, "week"))
                .observedAt(answer.date().orElse(answer.receivedAt()));
    }

    /** 1.003 → 0.3: (ratio − 1) × 100, exact. */
    private static BigDecimal percent(JsonNode delta, String field) throws BadField {
        if (!delta.isObject()) {
            return null;
        }
        BigDecimal ratio;
        try {
            ratio = ProviderJson.optionalDecimal(delta, field);
        } catch (BadField e) {
            throw new BadField("delta." + e.getMessage());
        }
        return ratio == null ? null : ProviderJson.forArithmetic("delta." + field, ratio).subtract(ONE).movePointRight(2);
    }

    /**
     * An answer that is JSON but not the list: LiveCoinWatch's error envelope
     * {@code {"error":{"code":401,"status":"Unauthorized","description":"..."}}}, or a changed API.
     */
    private ProviderException unexpected(String what, JsonNode root) {
        JsonNode error = root.path("error");
        if (error.isObject()) {
            int code = error.path("code").asInt(0);
            String text = keys.redact(error.path("status").asText("") + " " + error.path("description").asText("")).trim();
            Kind kind = code == 401 || code == 403 ? Kind.REJECTED : code == 429 ? Kind.RATE_LIMITED : Kind.BAD_RESPONSE;
            return new ProviderException(ID, kind, what + ": error " + code + " \"" + text + "\""
                    + (kind == Kind.REJECTED ? ". Check its API key (quotepipe.livecoinwatch.api-key)" : ""));
        }
        return new ProviderException(ID, Kind.BAD_RESPONSE, what + ": expected a JSON array of coins, got "
                + ProviderJson.show(root) + ": \"" + keys.redact(ProviderJson.truncate(root.toString())) + "\"");
    }
}
