package io.quotepipe.poller.provider;

import java.util.List;

/**
 * The providers of {@code quotepipe.providers}, in order: the first is asked first, each next one
 * is the failover of those before it.
 *
 * @param providers in order
 */
public record ProviderChain(List<QuoteProvider> providers) {

    public ProviderChain {
        providers = List.copyOf(providers);
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("a provider chain needs at least one provider");
        }
    }

    public List<String> ids() {
        return providers.stream().map(QuoteProvider::id).toList();
    }
}
