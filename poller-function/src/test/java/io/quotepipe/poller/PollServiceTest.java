package io.quotepipe.poller;

import io.quotepipe.core.Alert;
import io.quotepipe.core.Quote;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.poller.kafka.PublishException;
import io.quotepipe.poller.kafka.QuoteSink;
import io.quotepipe.poller.provider.PollRequest;
import io.quotepipe.poller.provider.ProviderChain;
import io.quotepipe.poller.provider.ProviderException.Kind;
import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.provider.ProviderPoll;
import io.quotepipe.poller.provider.QuoteProvider;
import io.quotepipe.poller.provider.Rejected;
import io.quotepipe.poller.provider.SimulatedProvider;
import io.quotepipe.poller.secrets.ApiKeys;
import io.quotepipe.poller.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failover, alerts and outcomes of a poll, with providers and Kafka replaced by fakes. */
class PollServiceTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");
    final TestClock clock = new TestClock(T);
    final List<Alert> alerts = new ArrayList<>();
    final List<List<Quote>> published = new ArrayList<>();
    final List<PollRequest> requests = new ArrayList<>();
    QuoteSink sink = new QuoteSink() {
        public void publish(List<Quote> quotes) {
            published.add(quotes);
        }

        public String destination() {
            return "Kafka topic crypto-quotes";
        }
    };

    @Test
    void usesTheFirstProvider_whenItAnswers_andRaisesNoAlert() {
        PollSummary summary = service(answering("livecoinwatch", "BTC", "ETH"), new SimulatedProvider(42, 5, clock))
                .poll("p1", T, Optional.empty());

        assertThat(summary.provider()).isEqualTo("livecoinwatch");
        assertThat(summary.published()).isEqualTo(2);
        assertThat(summary.failedProviders()).isEmpty();
        assertThat(published).singleElement().asList().hasSize(2);
        assertThat(alerts).isEmpty();
    }

    @Test
    void failsOverInOrder_publishesOnlyTheWinnersQuotes_andAlertsNamingTheFailedProvider() {
        PollSummary summary = service(failing("livecoinwatch", Kind.UNAVAILABLE, "POST /coins/list: HTTP 502"),
                failing("coincap", Kind.BAD_RESPONSE, "no asset list"), new SimulatedProvider(42, 5, clock))
                .poll("p1", T, Optional.empty());

        assertThat(summary.provider()).isEqualTo("simulated");
        assertThat(summary.failedProviders()).containsExactly("livecoinwatch", "coincap");
        assertThat(published).singleElement().asList().hasSize(5);
        assertThat(published.get(0)).extracting(Quote::source).containsOnly("simulated");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.subject()).isEqualTo("[quotepipe] poller: provider-failover");
            assertThat(a.context()).containsEntry("provider", "livecoinwatch").containsEntry("usedProvider", "simulated")
                    .containsEntry("failedProviders", "livecoinwatch,coincap").containsEntry("pollId", "p1");
            assertThat(a.message()).contains("HTTP 502", "no asset list", "from simulated");
        });
    }

    @Test
    void aProviderThatThrowsWhatNoRuleForesaw_isAFailedProvider_withFailoverAndAlert() {
        QuoteProvider broken = provider("livecoinwatch", r -> {
            throw new ArithmeticException("BigInteger would overflow supported range");
        });

        PollSummary summary = service(broken, new SimulatedProvider(42, 5, clock)).poll("p1", T, Optional.empty());

        assertThat(summary.provider()).isEqualTo("simulated");
        assertThat(summary.failedProviders()).containsExactly("livecoinwatch");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.subject()).isEqualTo("[quotepipe] poller: provider-failover");
            assertThat(a.message()).contains("livecoinwatch", "ArithmeticException", "BigInteger would overflow supported range");
        });
    }

    @Test
    void aRejectedKey_raisesTheKeyAlert_thatSaysToCheckIt() {
        service(failing("livecoinwatch", Kind.REJECTED, "HTTP 401. check its API key (quotepipe.livecoinwatch.api-key)"),
                new SimulatedProvider(42, 5, clock)).poll("p1", T, Optional.empty());

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("provider-key-rejected");
            assertThat(a.message()).contains("livecoinwatch", "check its API key");
        });
    }

    @Test
    void anAnswerMoreThanHalfInvalid_failsOver_andNothingOfItIsPublished() {
        QuoteProvider mostlyBad = provider("livecoinwatch", r -> new ProviderPoll("livecoinwatch",
                List.of(quote("livecoinwatch", "BTC", "1")),
                List.of(new Rejected("ETH", "rate is null"), new Rejected("SOL", "rate=\"abc\" is not a number")), Duration.ZERO));

        PollSummary summary = service(mostlyBad, new SimulatedProvider(42, 3, clock)).poll("p1", T, Optional.empty());

        assertThat(summary.provider()).isEqualTo("simulated");
        assertThat(published).singleElement().asList().extracting(q -> ((Quote) q).source()).containsOnly("simulated");
        assertThat(alerts).singleElement().extracting(Alert::message).asString().contains("2 of 3 quotes invalid");
    }

    @Test
    void everyProviderFailing_failsThePoll_publishesNothing_andAlerts() {
        PollService service = service(failing("livecoinwatch", Kind.UNAVAILABLE, "timeout"),
                failing("coincap", Kind.RATE_LIMITED, "HTTP 429"));

        assertThatThrownBy(() -> service.poll("p1", T, Optional.empty()))
                .isInstanceOf(PollService.PollFailedException.class)
                .hasMessageContaining("every provider failed").hasMessageContaining("timeout").hasMessageContaining("HTTP 429");
        assertThat(published).isEmpty();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("all-providers-failed");
            assertThat(a.context()).containsEntry("provider", "livecoinwatch").containsEntry("failedProviders", "livecoinwatch,coincap");
        });
    }

    @Test
    void aKafkaSendFailure_failsThePoll_andAlerts() {
        sink = new QuoteSink() {
            public void publish(List<Quote> quotes) throws PublishException {
                throw new PublishException("Kafka did not acknowledge BTC (record 1 of 5)", null);
            }

            public String destination() {
                return "Kafka topic crypto-quotes";
            }
        };

        assertThatThrownBy(() -> service(new SimulatedProvider(42, 5, clock)).poll("p1", T, Optional.empty()))
                .isInstanceOf(PollService.PollFailedException.class).hasMessageContaining("did not acknowledge BTC");
        assertThat(alerts).singleElement().extracting(Alert::kind).isEqualTo("publish-failed");
    }

    @Test
    void theFetchDeadline_isCutToTheLambdasRemainingTime_afterKafkasShare() {
        PollService service = service(answering("livecoinwatch", "BTC"));

        assertThat(service.deadline(Optional.empty()).window()).isEqualTo(Duration.ofSeconds(20));
        assertThat(service.deadline(Optional.of(Duration.ofSeconds(60))).window()).isEqualTo(Duration.ofSeconds(20));
        assertThat(service.deadline(Optional.of(Duration.ofSeconds(40))).window()).isEqualTo(Duration.ofSeconds(8));
        assertThat(service.deadline(Optional.of(Duration.ofSeconds(10))).window()).isEqualTo(Duration.ZERO);

        service.poll("p1", T, Optional.of(Duration.ofSeconds(40)));
        assertThat(requests).singleElement().extracting(r -> r.deadline().at()).isEqualTo(T.plusSeconds(8));
    }

    @Test
    void repeatedFailovers_areFoldedByTheAlertWindow_notLost() {
        PollService service = new PollService(new ProviderChain(List.of(failing("coincap", Kind.UNAVAILABLE, "down"),
                new SimulatedProvider(1, 1, clock))), sink, new Alerts(alerts::add, clock, Duration.ofMinutes(15)),
                ApiKeys.none(clock), clock, Duration.ofSeconds(20), Duration.ofSeconds(30));

        service.poll("p1", T, Optional.empty());
        clock.advance(Duration.ofMinutes(5));
        service.poll("p2", T, Optional.empty());
        clock.advance(Duration.ofMinutes(5));
        service.poll("p3", T, Optional.empty());
        clock.advance(Duration.ofMinutes(6));
        service.poll("p4", T, Optional.empty());

        // p1 is sent; p2 and p3 fall in its window; p4's poll first flushes them as one alert (p3, one more folded in)
        // and is itself held for the next window.
        assertThat(alerts).extracting(Alert::folded).containsExactly(0, 1);
        assertThat(alerts).extracting(a -> a.context().get("pollId")).containsExactly("p1", "p3");
    }

    private PollService service(QuoteProvider... providers) {
        return new PollService(new ProviderChain(List.of(providers)), sink, new Alerts(alerts::add, clock, Duration.ZERO),
                ApiKeys.none(clock), clock, Duration.ofSeconds(20), Duration.ofSeconds(30));
    }

    interface Fetch {
        ProviderPoll fetch(PollRequest request) throws ProviderException;
    }

    private QuoteProvider provider(String id, Fetch fetch) {
        return new QuoteProvider() {
            public String id() {
                return id;
            }

            public ProviderPoll fetch(PollRequest request) throws ProviderException {
                requests.add(request);
                return fetch.fetch(request);
            }
        };
    }

    private QuoteProvider answering(String id, String... symbols) {
        return provider(id, r -> new ProviderPoll(id, java.util.Arrays.stream(symbols).map(s -> quote(id, s, "1.5")).toList(),
                List.of(), Duration.ofMillis(3)));
    }

    private QuoteProvider failing(String id, Kind kind, String message) {
        return provider(id, r -> {
            throw new ProviderException(id, kind, message);
        });
    }

    static Quote quote(String source, String symbol, String price) {
        return Quote.builder().source(source).symbol(symbol).priceUsd(new BigDecimal(price))
                .observedAt(T).fetchedAt(T).pollId("p1").build();
    }
}
