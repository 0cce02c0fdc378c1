package io.quotepipe.poller;

import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteValidator;
import io.quotepipe.core.Violation;
import io.quotepipe.poller.kafka.QuotePublisher;
import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.provider.QuoteProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One poll: ask the configured providers in order, keep the valid quotes of the first that answers,
 * publish them to Kafka and wait for every acknowledgement. Both entry points (the Lambda handler
 * and the in-service schedule) call this.
 */
@ApplicationScoped
public class PollService {

    private static final Logger LOG = Logger.getLogger(PollService.class);

    private final List<QuoteProvider> providers;
    private final QuotePublisher publisher;
    private final Clock clock;

    @Inject
    public PollService(PollerConfig config, Instance<QuoteProvider> available, QuotePublisher publisher, Clock clock) {
        Map<String, QuoteProvider> byId = available.stream()
                .collect(Collectors.toMap(QuoteProvider::id, Function.identity()));
        this.providers = new ArrayList<>();
        for (String id : config.providers()) {
            QuoteProvider provider = byId.get(id.trim());
            if (provider == null) {
                throw new IllegalArgumentException("quotepipe.providers names '" + id + "', which is not a provider; known: "
                        + byId.keySet().stream().sorted().toList());
            }
            providers.add(provider);
        }
        this.publisher = publisher;
        this.clock = clock;
        LOG.infof("providers in order: %s", config.providers());
    }

    /**
     * Polls once.
     *
     * @throws PollFailedException when no provider's quotes could be published
     */
    public PollSummary poll(String pollId, Instant scheduledAt) {
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        for (QuoteProvider provider : providers) {
            List<Quote> fetched;
            try {
                fetched = provider.fetch(pollId, scheduledAt, clock.instant());
            } catch (ProviderException e) {
                LOG.warnf("poll %s: %s; trying the next provider", pollId, e.getMessage());
                failures.add(e.getMessage());
                continue;
            }
            List<Quote> valid = validOnly(provider.id(), fetched);
            try {
                publisher.publish(valid);
            } catch (QuotePublisher.PublishException e) {
                LOG.errorf("poll %s: %s", pollId, e.getMessage());
                throw new PollFailedException("poll " + pollId + " failed: " + e.getMessage(), e);
            }
            PollSummary summary = new PollSummary(pollId, provider.id(), valid.size(), fetched.size() - valid.size(),
                    (System.nanoTime() - start) / 1_000_000);
            LOG.info(summary);
            return summary;
        }
        throw new PollFailedException("poll " + pollId + " failed: every provider failed: " + failures, null);
    }

    private static List<Quote> validOnly(String provider, List<Quote> fetched) {
        List<Quote> valid = new ArrayList<>(fetched.size());
        Set<String> seen = new HashSet<>();
        for (Quote q : fetched) {
            List<Violation> violations = QuoteValidator.validate(q);
            if (!violations.isEmpty()) {
                LOG.warnf("skipped a quote from %s, symbol %s: %s", provider, q.symbol(), violations);
            } else if (!seen.add(q.symbol())) {
                LOG.warnf("skipped a quote from %s, symbol %s: duplicate symbol in one poll", provider, q.symbol());
            } else {
                valid.add(q);
            }
        }
        return valid;
    }

    /** No quotes of this poll reached Kafka. */
    public static final class PollFailedException extends RuntimeException {
        public PollFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
