package io.quotepipe.poller.provider;

/**
 * A source of quotes: a market-data API, or the simulated market. Chosen and ordered by
 * {@code quotepipe.providers}; the first whose answer is usable wins a poll.
 */
public interface QuoteProvider {

    /** The id used in {@code quotepipe.providers} and in {@link io.quotepipe.core.Quote#source()}. */
    String id();

    /**
     * Fetches one poll's quotes. A bad element is not a failure: it comes back in
     * {@link ProviderPoll#rejected()} with its reason, and the rest of the answer is used.
     *
     * @throws ProviderException when the provider cannot answer usably within the request's deadline
     *                           (outage, rejected key, rate limit, unreadable or unexpected answer)
     */
    ProviderPoll fetch(PollRequest request) throws ProviderException;
}
