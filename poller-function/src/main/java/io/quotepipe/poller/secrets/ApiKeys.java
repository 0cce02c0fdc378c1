package io.quotepipe.poller.secrets;

import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.provider.ProviderException.Kind;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The providers' API keys. Each comes from {@code quotepipe.<provider>.api-key} (config or the
 * environment, for the local run) or, in AWS, from the SSM SecureString named by
 * {@code quotepipe.<provider>.api-key-parameter}, read on first use and again after
 * {@code quotepipe.poller.key-refresh} or after the provider rejected it (a rotated key is picked up
 * without a redeploy). {@code -} or blank means no key.
 *
 * <p>A key never leaves this class except into a request header: {@link #origin} says where a key
 * comes from, never what it is, and {@link #redact} blanks any key that provider text quoted in a
 * log line or an alert might echo. Thread-safe.
 */
public final class ApiKeys {

    static final String MASK = "****";
    /** Shorter values are not masked: they could not be real keys, and masking them would garble text. */
    private static final int MIN_MASKED_CHARS = 4;

    /**
     * Where one provider's key comes from.
     *
     * @param provider  provider id
     * @param value     the key itself, from config
     * @param parameter the name of an SSM SecureString holding it
     */
    public record Source(String provider, Optional<String> value, Optional<String> parameter) {

        public Source {
            Objects.requireNonNull(provider, "provider");
            value = value.map(String::trim).filter(ApiKeys::isKey);
            parameter = parameter.map(String::trim).filter(p -> !p.isEmpty() && !p.equals("-"));
        }
    }

    private record Cached(String key, Instant readAt) {
    }

    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final ParameterStore store;
    private final Clock clock;
    private final Duration refresh;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Every key value seen, to be masked wherever it might show up. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public ApiKeys(List<Source> sources, ParameterStore store, Clock clock, Duration refresh) {
        sources.forEach(s -> this.sources.put(s.provider(), s));
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        sources.forEach(s -> s.value().ifPresent(known::add));
    }

    /** No keys at all: for the simulated market and tests. */
    public static ApiKeys none(Clock clock) {
        return new ApiKeys(List.of(), name -> {
            throw new ParameterStore.LookupException("no parameter store", true, null);
        }, clock, Duration.ofHours(1));
    }

    /**
     * The key of {@code provider}.
     *
     * @throws ProviderException REJECTED when none is configured or its parameter does not exist or
     *                           cannot be read for lack of rights; UNAVAILABLE when SSM cannot be reached
     */
    public String require(String provider) throws ProviderException {
        Source source = sources.get(provider);
        if (source == null || (source.value().isEmpty() && source.parameter().isEmpty())) {
            throw new ProviderException(provider, Kind.REJECTED, "no API key configured: set quotepipe." + provider
                    + ".api-key (QUOTEPIPE_" + provider.toUpperCase() + "_API_KEY) or, in AWS, quotepipe." + provider
                    + ".api-key-parameter to the name of an SSM SecureString");
        }
        if (source.value().isPresent()) {
            return source.value().get();
        }
        String name = source.parameter().get();
        Cached cached = cache.get(provider);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.readAt().plus(refresh))) {
            return cached.key();
        }
        String key;
        try {
            key = store.decrypted(name);
        } catch (ParameterStore.LookupException e) {
            throw new ProviderException(provider, e.permanent() ? Kind.REJECTED : Kind.UNAVAILABLE,
                    "no API key: " + e.getMessage());
        }
        if (key == null || !isKey(key.trim())) {
            throw new ProviderException(provider, Kind.REJECTED, "no API key: SSM parameter " + name + " is empty or '-'");
        }
        key = key.trim();
        known.add(key);
        cache.put(provider, new Cached(key, now));
        return key;
    }

    /** Forgets a key read from SSM, so that the next poll reads it again (after the provider rejected it). */
    public void invalidate(String provider) {
        cache.remove(provider);
    }

    /** Whether a key or a parameter is configured for {@code provider}. */
    public boolean configured(String provider) {
        Source s = sources.get(provider);
        return s != null && (s.value().isPresent() || s.parameter().isPresent());
    }

    /** Where the key of {@code provider} comes from, for the start-up log; never the key. */
    public String origin(String provider) {
        Source s = sources.get(provider);
        if (s == null || !configured(provider)) {
            return "no API key configured";
        }
        return s.value().isPresent() ? "API key from quotepipe." + provider + ".api-key"
                : "API key from SSM parameter " + s.parameter().get();
    }

    /** {@code text} with every known key replaced by {@value #MASK}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String key : known) {
            if (key.length() >= MIN_MASKED_CHARS && out.contains(key)) {
                out = out.replace(key, MASK);
            }
        }
        return out;
    }

    private static boolean isKey(String value) {
        return !value.isEmpty() && !value.equals("-");
    }
}
