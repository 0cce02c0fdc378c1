package io.quotepipe.poller.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quotepipe.core.Quote;
import io.quotepipe.poller.http.HttpAnswer;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.provider.ProviderException.Kind;
import io.quotepipe.poller.provider.internal.ProviderJson;
import io.quotepipe.poller.provider.internal.ProviderJson.BadField;
import io.quotepipe.poller.provider.internal.Urls;
import io.quotepipe.poller.secrets.ApiKeys;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
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
        List<Quote> quotes = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Duration httpTime = Duration.ZERO;
        if (!symbols.isEmpty()) {
            ObjectNode body = listBody(0, symbols.size());
            body.putArray("codes").addAll(symbols.stream().map(ProviderJson.MAPPER.getNodeFactory()::textNode).toList());
            String what = "POST /coins/map (" + symbols.size() + " codes)";
            HttpAnswer answer = http.send(what, post("/coins/map", body, key), request.deadline());
            httpTime = answer.elapsed();
            read(what, answer, request, quotes, rejected);
            return new ProviderPoll(ID, quotes, rejected, httpTime);
        }
        for (int offset = 0; offset < coinLimit; offset += PAGE) {
            int limit = Math.min(PAGE, coinLimit - offset);
            String what = "POST /coins/list offset " + offset + " limit " + limit;
            HttpAnswer answer = http.send(what, post("/coins/list", listBody(offset, limit), key), request.deadline());
            httpTime = httpTime.plus(answer.elapsed());
            int elements = read(what, answer, request, quotes, rejected);
            if (elements < limit) {
                break; // the list has no more coins
            }
        }
        return new ProviderPoll(ID, quotes, rejected, httpTime);
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

    /** Reads one answer into {@code quotes} and {@code rejected}; returns how many elements it had. */
    private int read(String what, HttpAnswer answer, PollRequest request, List<Quote> quotes, List<Rejected> rejected)
            throws ProviderException {
        JsonNode root = ProviderJson.parse(ID, what, answer, keys::redact);
        if (!root.isArray()) {
            throw unexpected(what, root);
        }
        for (JsonNode element : root) {
            read(element, answer, request, quotes, rejected);
        }
        return root.size();
    }

    /** Normalises one element; a bad one is rejected with its reason, never thrown. */
    static void read(JsonNode element, HttpAnswer answer, PollRequest request, List<Quote> quotes, List<Rejected> rejected) {
        if (!element.isObject()) {
            rejected.add(new Rejected(Rejected.NO_CODE, "element is " + ProviderJson.show(element) + ", not an object"));
            return;
        }
        String code;
        try {
            code = ProviderJson.text(element, "code");
        } catch (BadField e) {
            rejected.add(new Rejected(Rejected.NO_CODE, e.getMessage()));
            return;
        }
        try {
            JsonNode delta = element.path("delta");
            quotes.add(Quote.builder()
                    .source(ID).symbol(code)
                    .name(ProviderJson.optionalText(element, "name"))
                    .rank(ProviderJson.optionalInteger(element, "rank"))
                    .priceUsd(ProviderJson.decimal(element, "rate"))
                    .volume24hUsd(ProviderJson.optionalDecimal(element, "volume"))
                    .marketCapUsd(ProviderJson.optionalDecimal(element, "cap"))
                    .change1hPct(percent(delta, "hour"))
                    .change24hPct(percent(delta, "day"))
                    .change7dPct(percent(delta, "week"))
                    .observedAt(answer.date().orElse(answer.receivedAt()))
                    .fetchedAt(answer.receivedAt())
                    .pollId(request.pollId())
                    .build());
        } catch (BadField e) {
            rejected.add(new Rejected(code, e.getMessage()));
        }
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
        return ratio == null ? null : ratio.subtract(ONE).movePointRight(2);
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
                + ProviderJson.show(root) + ": \"" + keys.redact(truncate(root.toString())) + "\"");
    }

    static String truncate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }
}
