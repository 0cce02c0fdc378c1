package io.quotepipe.poller.provider;

import io.quotepipe.core.Quote;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A provider's answer to one poll, normalised to Quote v1 but not yet validated.
 *
 * @param provider the provider id
 * @param quotes   the elements that could be read as quotes, in the provider's order
 * @param rejected the elements that could not (no code, a price that is not a number, ...)
 * @param httpTime time spent in HTTP, retries included; the rest of a fetch is parsing and normalising
 */
public record ProviderPoll(String provider, List<Quote> quotes, List<Rejected> rejected, Duration httpTime) {

    public ProviderPoll {
        Objects.requireNonNull(provider, "provider");
        quotes = List.copyOf(quotes);
        rejected = List.copyOf(rejected);
        Objects.requireNonNull(httpTime, "httpTime");
    }

    /** Elements in the answer, readable or not. */
    public int size() {
        return quotes.size() + rejected.size();
    }
}
