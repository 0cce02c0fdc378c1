package io.quotepipe.poller;

import io.quarkus.runtime.Startup;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.time.Deadline;
import io.quotepipe.poller.kafka.PublishException;
import io.quotepipe.poller.kafka.QuoteSink;
import io.quotepipe.poller.provider.PollRequest;
import io.quotepipe.poller.provider.ProviderChain;
import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.provider.ProviderPoll;
import io.quotepipe.poller.provider.QuoteProvider;
import io.quotepipe.poller.provider.Rejected;
import io.quotepipe.poller.secrets.ApiKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One poll, whichever entry point asks (the Lambda handler or the in-service schedule): ask the
 * providers in order until one gives a usable answer, skip its invalid quotes, publish the rest to
 * Kafka and wait for every acknowledgement.
 *
 * <p>Outcomes: a poll that failed over publishes and raises a {@code provider-failover} alert (or
 * {@code provider-key-rejected} when a provider refused its key: that needs a person); a poll where
 * every provider failed raises {@code all-providers-failed} and throws, as does one whose records
 * Kafka did not all acknowledge ({@code publish-failed}): the invocation fails and Lambda retries it.
 * Nothing is ever published from a failed provider, and no poll passes partially and silently.
 *
 * <p>Started with the application ({@link Startup}), so that a configuration that cannot work stops
 * the start instead of failing every poll.
 */
@Startup
@ApplicationScoped
public class PollService {

    static final String COMPONENT = "poller";
    /** Kept back from the Lambda's remaining time besides the Kafka send timeout: logging, the response. */
    static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(PollService.class);

    private final List<QuoteProvider> providers;
    private final QuoteSink sink;
    private final Alerts alerts;
    private final ApiKeys keys;
    private final Clock clock;
    private final Duration fetchDeadline;
    private final Duration sendTimeout;
    private final PollRecorder recorder;

    @Inject
    public PollService(ProviderChain providers, QuoteSink sink, Alerts alerts, ApiKeys keys, Clock clock,
                       PollerConfig config, PollRecorder recorder) {
        this(providers, sink, alerts, keys, clock, config.poller().fetchDeadline(), config.kafka().sendTimeout(), recorder);
    }

    public PollService(ProviderChain providers, QuoteSink sink, Alerts alerts, ApiKeys keys, Clock clock,
                       Duration fetchDeadline, Duration sendTimeout) {
        this(providers, sink, alerts, keys, clock, fetchDeadline, sendTimeout, PollRecorder.none());
    }

    public PollService(ProviderChain providers, QuoteSink sink, Alerts alerts, ApiKeys keys, Clock clock,
                       Duration fetchDeadline, Duration sendTimeout, PollRecorder recorder) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.providers = providers.providers();
        this.sink = Objects.requireNonNull(sink, "sink");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fetchDeadline = Objects.requireNonNull(fetchDeadline, "fetchDeadline");
        this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
    }

    /**
     * Polls once.
     *
     * @param pollId      stamped on every quote and header: the EventBridge event id, the same on a retry
     * @param scheduledAt when the poll was due
     * @param timeLeft    the invocation's remaining time in Lambda, to cut the fetch deadline to; empty in service mode
     * @throws PollFailedException when every provider failed or Kafka did not acknowledge every record
     */
    public PollSummary poll(String pollId, Instant scheduledAt, Optional<Duration> timeLeft) {
        alerts.flush(); // alerts of kinds that went quiet: their folded count is sent now
        long started = System.nanoTime();
        Deadline deadline = deadline(timeLeft);
        List<ProviderException> failures = new ArrayList<>();
        for (QuoteProvider provider : providers) {
            long fetchStarted = System.nanoTime();
            ProviderPoll fetched;
            QuoteScreen.Result screened;
            try {
                fetched = provider.fetch(new PollRequest(pollId, scheduledAt, deadline));
                screened = QuoteScreen.screen(fetched);
            } catch (ProviderException e) {
                failed(pollId, e, failures);
                continue;
            } catch (RuntimeException e) {
                // A provider's answer that no rule foresaw must cost that provider, not the poll: without this,
                // one hostile value would fail every poll with no failover and no alert.
                LOG.errorf(e, "poll %s: %s failed unexpectedly while reading its answer", pollId, provider.id());
                failed(pollId, new ProviderException(provider.id(), ProviderException.Kind.BAD_RESPONSE,
                        "its answer could not be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                                + "); this is a defect of the poller: report it with the answer", e), failures);
                continue;
            }
            long normaliseNanos = System.nanoTime() - fetchStarted - fetched.httpTime().toNanos();
            for (Rejected r : screened.skipped()) {
                LOG.warnf("poll %s: skipped a quote from %s, symbol %s: %s", pollId, provider.id(), r.symbol(),
                        keys.redact(r.reason()));
            }
            Optional<ProviderException> unusable = QuoteScreen.failure(provider.id(), screened);
            if (unusable.isPresent()) {
                failed(pollId, unusable.get(), failures);
                continue;
            }
            long publishStarted = System.nanoTime();
            try {
                sink.publish(screened.valid());
            } catch (PublishException e) {
                String message = "poll " + pollId + ": " + screened.valid().size() + " quotes from " + provider.id()
                        + " were not all acknowledged by " + sink.destination() + ": " + e.getMessage()
                        + ". The invocation fails and is retried";
                alerts.raise(COMPONENT, "publish-failed", message, context(pollId, provider.id(), failures));
                recorder.record(pollId, "failed", provider.id(), 0, screened.skipped().size(), failovers(failures));
                throw new PollFailedException(message, e);
            }
            long publishNanos = System.nanoTime() - publishStarted;
            PollSummary summary = new PollSummary(pollId, provider.id(), screened.valid().size(), screened.skipped().size(),
                    millis(System.nanoTime() - started), failures.stream().map(ProviderException::provider).toList(),
                    fetched.httpTime().toMillis(), millis(normaliseNanos), millis(publishNanos));
            if (!failures.isEmpty()) {
                failedOver(pollId, provider.id(), failures);
            }
            LOG.info(summary);
            recorder.record(pollId, "published", provider.id(), summary.published(), summary.skipped(), failovers(failures));
            return summary;
        }
        String message = "poll " + pollId + " published nothing: every provider failed: " + reasons(failures)
                + ". The invocation fails; Lambda retries it and the next schedule polls again";
        alerts.raise(COMPONENT, "all-providers-failed", message, context(pollId, null, failures));
        recorder.record(pollId, "failed", null, 0, 0, failovers(failures));
        LOG.error(message);
        throw new PollFailedException(message, null);
    }

    /** The fetch deadline: the configured one, cut to what the Lambda invocation has left after Kafka's share. */
    Deadline deadline(Optional<Duration> timeLeft) {
        return Deadline.within(clock, fetchDeadline, timeLeft, sendTimeout.plus(MARGIN));
    }

    private void failed(String pollId, ProviderException e, List<ProviderException> failures) {
        LOG.warnf("poll %s: %s; trying the next provider", pollId, keys.redact(e.getMessage()));
        failures.add(e);
        if (e.kind() == ProviderException.Kind.REJECTED) {
            keys.invalidate(e.provider()); // a rotated key in SSM is read again by the next poll
        }
    }

    private void failedOver(String pollId, String used, List<ProviderException> failures) {
        boolean keyRejected = failures.stream().anyMatch(f -> f.kind() == ProviderException.Kind.REJECTED);
        String message = "poll " + pollId + " got its quotes from " + used + " after "
                + failures.stream().map(ProviderException::provider).collect(Collectors.joining(", "))
                + " failed: " + reasons(failures);
        Map<String, String> context = context(pollId, used, failures);
        alerts.raise(COMPONENT, keyRejected ? "provider-key-rejected" : "provider-failover", message, context);
    }

    /** Context of an alert: the provider that failed first (the one to look at), every failed one, the one used. */
    private static Map<String, String> context(String pollId, String used, List<ProviderException> failures) {
        Map<String, String> context = new LinkedHashMap<>();
        if (!failures.isEmpty()) {
            context.put("provider", failures.get(0).provider());
            context.put("failedProviders", failures.stream().map(ProviderException::provider).collect(Collectors.joining(",")));
        } else if (used != null) {
            context.put("provider", used);
        }
        if (used != null) {
            context.put("usedProvider", used);
        }
        context.put("pollId", pollId);
        return context;
    }

    /** Each failed provider with its reason on one line, keys redacted: what the panel shows. */
    private List<PollRecorder.Failover> failovers(List<ProviderException> failures) {
        return failures.stream().map(f -> new PollRecorder.Failover(f.provider(),
                keys.redact(String.valueOf(f.getMessage())).replaceAll("\\s*[\\r\\n]+\\s*", " "))).toList();
    }

    private String reasons(List<ProviderException> failures) {
        return keys.redact(failures.stream().map(f -> "[" + f.getMessage() + "]").collect(Collectors.joining(" ")));
    }

    private static long millis(long nanos) {
        return Math.max(0, nanos / 1_000_000);
    }

    /** No quotes of this poll reached Kafka, or not all of them: the invocation must fail. */
    public static final class PollFailedException extends RuntimeException {
        public PollFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
