package io.quotepipe.poller.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.Quote;
import io.quotepipe.poller.http.HttpAnswer;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.provider.PollRequest;
import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.provider.ProviderPoll;
import io.quotepipe.poller.provider.Rejected;
import io.quotepipe.poller.provider.internal.ProviderJson.BadField;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The fetch skeleton every HTTP provider shares, so that each one says only what it asks and how one
 * element of its answer reads. One {@code Fetch} per poll and provider:
 * <ul>
 *   <li>{@link #send}: a request through {@link ProviderHttp} (timeouts, retries with backoff,
 *       {@code Retry-After}, the poll's deadline), its time added to the poll's HTTP time, its body
 *       read as JSON into decimals (never {@code double});</li>
 *   <li>{@link #pages}: offset/limit paging up to the wanted count, stopping at a short page;</li>
 *   <li>{@link #elements}: each element becomes a {@link Quote} or a {@link Rejected} with its reason.
 *       Nothing an element holds can throw out of here: a bad field is a reason, and so is anything
 *       no rule foresaw, so one odd coin never costs the poll its other coins;</li>
 *   <li>{@link #result}: the {@link ProviderPoll}.</li>
 * </ul>
 * Not thread-safe: a poll asks one provider at a time.
 */
public final class Fetch {

    /**
     * How one element becomes a quote. The builder holds the source, the symbol, the poll id and
     * {@code fetchedAt} already; the reader sets what the provider knows, {@code observedAt} included.
     */
    @FunctionalInterface
    public interface ElementReader {
        void read(JsonNode element, Quote.Builder quote) throws BadField;
    }

    /** One page of a paged list. */
    @FunctionalInterface
    public interface PageReader {
        /** Asks for at most {@code limit} elements from {@code offset}; returns how many the answer had. */
        int read(int offset, int limit) throws ProviderException;
    }

    /**
     * One answer, read as JSON.
     *
     * @param what what was asked, for messages (never a key)
     * @param http the HTTP answer: status, {@code Date} header, receive time
     * @param root its body
     */
    public record Answer(String what, HttpAnswer http, JsonNode root) {
    }

    private final String provider;
    private final ProviderHttp http;
    private final UnaryOperator<String> redact;
    private final PollRequest request;
    private final Duration maxStaleness;
    private final List<Quote> quotes = new ArrayList<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private Duration httpTime = Duration.ZERO;

    /** A fetch without a staleness check: for providers whose answer time is ours or the {@code Date} header. */
    public Fetch(String provider, ProviderHttp http, UnaryOperator<String> redact, PollRequest request) {
        this(provider, http, redact, request, null);
    }

    /**
     * @param redact       applied to provider text quoted in a message (an answer may echo a key)
     * @param maxStaleness a quote observed longer than this before its fetch is rejected as stale; null: no check
     */
    public Fetch(String provider, ProviderHttp http, UnaryOperator<String> redact, PollRequest request, Duration maxStaleness) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.http = Objects.requireNonNull(http, "http");
        this.redact = Objects.requireNonNull(redact, "redact");
        this.request = Objects.requireNonNull(request, "request");
        this.maxStaleness = maxStaleness;
    }

    public PollRequest request() {
        return request;
    }

    /**
     * Sends {@code request} and reads the answer's body as JSON.
     *
     * @throws ProviderException when the provider does not answer usably in time, or answers something that is not JSON
     */
    public Answer send(String what, HttpRequest request) throws ProviderException {
        HttpAnswer answer = http.send(what, request, this.request.deadline());
        httpTime = httpTime.plus(answer.elapsed());
        return new Answer(what, answer, ProviderJson.parse(provider, what, answer, redact));
    }

    /** Pages of at most {@code pageSize} until {@code wanted} elements were asked for, or a page came back short. */
    public void pages(int wanted, int pageSize, PageReader page) throws ProviderException {
        for (int offset = 0; offset < wanted; offset += pageSize) {
            int limit = Math.min(pageSize, wanted - offset);
            if (page.read(offset, limit) < limit) {
                break; // the list has no more elements
            }
        }
    }

    /** Reads each of {@code elements}, whose symbol is in {@code symbolField}, fetched at {@code fetchedAt}. */
    public void elements(Iterable<JsonNode> elements, String symbolField, Instant fetchedAt, ElementReader reader) {
        for (JsonNode element : elements) {
            element(provider, element, symbolField, fetchedAt, request.pollId(), maxStaleness, reader, quotes, rejected);
        }
    }

    /** Reads one element whose symbol the poller already knows (Finnhub answers one coin per call, without its code). */
    public void element(String symbol, JsonNode element, Instant fetchedAt, ElementReader reader) {
        known(provider, symbol, element, fetchedAt, request.pollId(), maxStaleness, reader, quotes, rejected);
    }

    /**
     * Keeps only the coins of {@code symbols} (in the quotes and the rejected elements); each named code
     * found nowhere is reported as rejected with {@code notFound}.
     */
    public void keepNamed(List<String> symbols, String notFound) {
        Set<String> named = new LinkedHashSet<>(symbols);
        quotes.removeIf(q -> !named.contains(q.symbol()));
        rejected.removeIf(r -> !named.contains(r.symbol()));
        for (String code : named) {
            boolean seen = quotes.stream().anyMatch(q -> q.symbol().equals(code))
                    || rejected.stream().anyMatch(r -> r.symbol().equals(code));
            if (!seen) {
                rejected.add(new Rejected(code, notFound));
            }
        }
    }

    public ProviderPoll result() {
        return new ProviderPoll(provider, quotes, rejected, httpTime);
    }

    /**
     * One element of an answer into {@code quotes} or {@code rejected}: not an object, or without a
     * readable symbol in {@code symbolField}, it is rejected under {@link Rejected#NO_CODE}.
     */
    public static void element(String provider, JsonNode element, String symbolField, Instant fetchedAt, String pollId,
                               ElementReader reader, List<Quote> quotes, List<Rejected> rejected) {
        element(provider, element, symbolField, fetchedAt, pollId, null, reader, quotes, rejected);
    }

    /** {@link #element}, rejecting a quote observed longer than {@code maxStaleness} (if not null) before {@code fetchedAt}. */
    public static void element(String provider, JsonNode element, String symbolField, Instant fetchedAt, String pollId,
                               Duration maxStaleness, ElementReader reader, List<Quote> quotes, List<Rejected> rejected) {
        if (!element.isObject()) {
            rejected.add(new Rejected(Rejected.NO_CODE, "element is " + ProviderJson.show(element) + ", not an object"));
            return;
        }
        String symbol;
        try {
            symbol = ProviderJson.text(element, symbolField);
        } catch (BadField e) {
            rejected.add(new Rejected(Rejected.NO_CODE, e.getMessage()));
            return;
        }
        known(provider, symbol, element, fetchedAt, pollId, maxStaleness, reader, quotes, rejected);
    }

    /** One element whose symbol is known, into {@code quotes} or {@code rejected}. */
    public static void known(String provider, String symbol, JsonNode element, Instant fetchedAt, String pollId,
                             ElementReader reader, List<Quote> quotes, List<Rejected> rejected) {
        known(provider, symbol, element, fetchedAt, pollId, null, reader, quotes, rejected);
    }

    private static void known(String provider, String symbol, JsonNode element, Instant fetchedAt, String pollId,
                              Duration maxStaleness, ElementReader reader, List<Quote> quotes, List<Rejected> rejected) {
        Quote.Builder builder = Quote.builder().source(provider).symbol(symbol).fetchedAt(fetchedAt).pollId(pollId);
        Quote quote;
        try {
            reader.read(element, builder);
            quote = builder.build();
        } catch (BadField e) {
            rejected.add(new Rejected(symbol, e.getMessage()));
            return;
        } catch (RuntimeException e) {
            // What no field rule foresaw (arithmetic on a value far out of range, a time past Instant.MAX):
            // a verdict on this element, never an exception that fails the poll without failover or alert.
            rejected.add(new Rejected(symbol, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
            return;
        }
        if (maxStaleness != null && quote.observedAt() != null && quote.observedAt().isBefore(fetchedAt.minus(maxStaleness))) {
            // An answer far behind the fetch is yesterday's market presented as today's: reported, never stored as fresh.
            rejected.add(new Rejected(symbol, "stale: observed at " + quote.observedAt() + ", "
                    + Duration.between(quote.observedAt(), fetchedAt).toMinutes() + " min before it was fetched at " + fetchedAt
                    + ", more than quotepipe.poller.max-staleness (" + maxStaleness.toMinutes() + " min)"));
            return;
        }
        quotes.add(quote);
    }

    /**
     * The first {@code limit} elements of {@code array} by ascending {@code rankField}, for an answer that
     * holds a whole market: elements without a rank of 1 or more (unranked, unreadable) come after the
     * ranked ones, in the answer's order, so that they are read (and reported) only if room is left.
     */
    public static List<JsonNode> topByRank(JsonNode array, String rankField, int limit) {
        List<JsonNode> ranked = new ArrayList<>();
        List<JsonNode> unranked = new ArrayList<>();
        for (JsonNode element : array) {
            (rank(element, rankField) > 0 ? ranked : unranked).add(element);
        }
        ranked.sort(java.util.Comparator.comparingInt(e -> rank(e, rankField))); // stable: equal ranks keep their order
        ranked.addAll(unranked);
        return ranked.size() <= limit ? ranked : List.copyOf(ranked.subList(0, limit));
    }

    private static int rank(JsonNode element, String field) {
        try {
            Integer rank = element.isObject() ? ProviderJson.optionalInteger(element, field) : null;
            return rank == null ? 0 : rank;
        } catch (BadField e) {
            return 0;
        }
    }
}
