package io.quotepipe.poller.provider;

import io.quotepipe.core.Quote;

import java.time.Instant;
import java.util.List;

/** A source of quotes: a market-data API, or the simulated market. */
public interface QuoteProvider {

    /** The id used in {@code quotepipe.providers} and in {@link Quote#source()}. */
    String id();

    /**
     * Fetches one poll's quotes, normalised to Quote v1 but not yet validated.
     *
     * @param pollId      the poll, to stamp on every quote
     * @param scheduledAt when the poll was scheduled
     * @param fetchedAt   when the fetch started
     * @throws ProviderException when the provider cannot answer (outage, bad key, unreadable answer)
     */
    List<Quote> fetch(String pollId, Instant scheduledAt, Instant fetchedAt) throws ProviderException;
}
