package io.quotepipe.poller;

import io.quotepipe.core.Alert;
import io.quotepipe.core.Quote;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.alert.SnsAlertSink;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.http.RetryPolicy;
import io.quotepipe.poller.kafka.QuotePublisher;
import io.quotepipe.poller.kafka.QuoteSink;
import io.quotepipe.poller.provider.CoinCapProvider;
import io.quotepipe.poller.provider.FinnhubProvider;
import io.quotepipe.poller.provider.LiveCoinWatchProvider;
import io.quotepipe.poller.provider.ProviderChain;
import io.quotepipe.poller.provider.QuoteProvider;
import io.quotepipe.poller.provider.SimulatedProvider;
import io.quotepipe.poller.http.CallRateLimiter;
import io.quotepipe.poller.secrets.ApiKeys;
import io.quotepipe.poller.testing.AlertQueue;
import io.quotepipe.poller.testing.LogCapture;
import io.quotepipe.poller.testing.ProviderStub;
import io.quotepipe.poller.testing.ProviderStub.Answer;
import io.quotepipe.poller.testing.SyntheticMarket;
import io.quotepipe.poller.testing.TestClock;
import io.quotepipe.poller.testing.TopicReader;
import io.quotepipe.poller.testing.TopicReader.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bad-input corpus: each mess a provider can answer, served by the local stub, through the real
 * poll (providers, validation, failover) into the real Kafka broker, with alerts on the real SNS
 * topic read back through its SQS subscription. Each case asserts its outcome (skip, failover,
 * alert, failed poll), the requests the stub saw, and exactly what reached Kafka.
 *
 * <p>The classes are the production ones, wired by hand so that each case picks its provider chain.
 * Time is a {@link TestClock}: backoff and Retry-After move it instead of sleeping.
 */
class ProviderCorpusIT {

    static final String KEY = "lcw-test-key-7f3a9c2e-0b41-4d6e-a5f8-2c9d1e7b6a30";
    static final String CC_KEY = "cc-test-key-31c9a0b2d8e4";
    static final String FH_KEY = "fh-test-key-c0ffee12ab34";

    static LocalCloud cloud;
    static ProviderStub stub;
    static QuotePublisher publisher;
    static TopicReader topic;
    static AlertQueue alertQueue;
    static HttpClient http;

    final TestClock clock = TestClock.startingNow();
    final List<Alert> raised = new ArrayList<>();
    ApiKeys keys;
    LogCapture logs;
    String pollId;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.shared();
        stub = ProviderStub.start();
        publisher = new QuotePublisher(Map.of("bootstrap.servers", cloud.endpoints().kafkaBootstrapServers()),
                cloud.endpoints().kafkaTopic(), Duration.ofSeconds(15));
        topic = new TopicReader(cloud.endpoints().kafkaBootstrapServers(), cloud.endpoints().kafkaTopic());
        alertQueue = new AlertQueue(cloud.sqsClient(), cloud.endpoints().alertsQueueUrl());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stop() {
        stub.close();
        topic.close();
        publisher.close();
    }

    @BeforeEach
    void setUp(TestInfo test) {
        stub.reset();
        logs = LogCapture.install();
        pollId = "corpus-" + test.getTestMethod().orElseThrow().getName();
        keys = new ApiKeys(List.of(
                new ApiKeys.Source("livecoinwatch", Optional.of(KEY), Optional.empty()),
                new ApiKeys.Source("coincap", Optional.of(CC_KEY), Optional.empty()),
                new ApiKeys.Source("finnhub", Optional.of(FH_KEY), Optional.empty())), name -> null, clock, Duration.ofHours(1));
    }

    @AfterEach
    void noKeyInAnyLogLine() {
        logs.close();
        assertThat(logs.lines()).as("log lines").noneMatch(l -> l.contains(KEY) || l.contains(CC_KEY) || l.contains(FH_KEY));
        assertThat(raised).as("alerts").noneMatch(a -> a.toJson().contains(KEY) || a.toJson().contains(CC_KEY));
    }

    // ---------------------------------------------------------------- answers that fail a provider

    @Test
    void htmlBadGateway_isRetried_thenFailsOverToTheNextProvider() {
        stub.on("/coins/list", Answer.html(502, "livecoinwatch/bad-gateway.html"));

        PollSummary summary = poll(lcw(), simulated());

        assertThat(stub.requests("/coins/list")).hasSize(3); // quotepipe.http.max-attempts
        assertThat(clock.sleeps()).hasSize(2).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(250), Duration.ofSeconds(1)));
        assertFailedOverToSimulated(summary, "livecoinwatch", "provider-failover", "HTTP 502", "text/html", "502 Bad Gateway");
    }

    @Test
    void truncatedJson_failsOverAtOnce_withoutRetrying() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list-truncated.json"));

        PollSummary summary = poll(lcw(), simulated());

        assertThat(stub.requests("/coins/list")).hasSize(1);
        assertFailedOverToSimulated(summary, "livecoinwatch", "provider-failover", "not readable JSON");
    }

    @Test
    void liveCoinWatch401Envelope_failsOverAtOnce_andTheAlertSaysToCheckTheKey_withoutShowingIt() {
        stub.on("/coins/list", Answer.json(401, "livecoinwatch/error-401.json"));

        PollSummary summary = poll(lcw(), simulated());

        assertThat(stub.requests("/coins/list")).hasSize(1).allSatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo(KEY));
        AlertQueue.Received alert = assertFailedOverToSimulated(summary, "livecoinwatch", "provider-key-rejected",
                "HTTP 401", "check its API key", "quotepipe.livecoinwatch.api-key", "****");
        assertThat(alert.notification()).doesNotContain(KEY);
        assertThat(logs.containing("HTTP 401")).isNotEmpty().allSatisfy(l -> assertThat(l).contains("****").doesNotContain(KEY));
    }

    @Test
    void tooManyRequests_waitsWhatRetryAfterAsks_thenPublishes() {
        stub.on("/coins/list", Answer.json(429, "livecoinwatch/error-429.json").header("Retry-After", "3"),
                Answer.json("livecoinwatch/coins-list.json"));

        PollSummary summary = poll(lcw(), simulated());

        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3));
        assertThat(stub.requests("/coins/list")).hasSize(2);
        assertThat(summary.provider()).isEqualTo("livecoinwatch");
        assertThat(published()).hasSize(10);
        assertThat(raised).isEmpty();
    }

    @Test
    void tooManyRequests_askingToWaitPastTheDeadline_failsOverAtOnce() {
        stub.on("/coins/list", Answer.json(429, "livecoinwatch/error-429.json").header("Retry-After", "3600"));

        PollSummary summary = poll(lcw(), simulated());

        assertThat(clock.sleeps()).isEmpty();
        assertThat(stub.requests("/coins/list")).hasSize(1);
        assertFailedOverToSimulated(summary, "livecoinwatch", "provider-failover", "HTTP 429", "3600 s (Retry-After), past the poll's deadline");
    }

    @Test
    void emptyList_failsOver() {
        stub.on("/coins/list", Answer.json("livecoinwatch/empty-list.json"));

        assertFailedOverToSimulated(poll(lcw(), simulated()), "livecoinwatch", "provider-failover", "empty list");
    }

    @Test
    void moreThanHalfInvalid_failsOver_andNoneOfItsQuotesIsPublished() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list-mostly-invalid.json"));

        PollSummary summary = poll(lcw(), simulated());

        assertFailedOverToSimulated(summary, "livecoinwatch", "provider-failover", "3 of 5 quotes invalid, more than half");
        assertThat(logs.containing("skipped a quote from livecoinwatch")).hasSize(3);
    }

    @Test
    void finnhubAllZeros_failsOver() {
        stub.on("/api/v1/quote", Answer.json("finnhub/unknown-symbol.json"));

        PollSummary summary = poll(finnhub("BTC", "ETH", "SOL"), simulated());

        assertThat(stub.requests("/api/v1/quote")).extracting(r -> r.param("symbol"))
                .containsExactly("BINANCE:BTCUSDT", "BINANCE:ETHUSDT", "BINANCE:SOLUSDT");
        assertFailedOverToSimulated(summary, "finnhub", "provider-failover", "3 of 3 quotes invalid", "t == 0");
    }

    @Test
    void coinCapV2DeprecationBody_failsOver_namingTheV3Url() {
        stub.on("/v3/assets", Answer.json("coincap/v2-deprecated.json"));

        PollSummary summary = poll(coincap(), simulated());

        assertFailedOverToSimulated(summary, "coincap", "provider-failover", "We are deprecating this version",
                "https://rest.coincap.io");
    }

    @Test
    void answerSlowerThanTheReadTimeout_isRetried_thenFailsOver() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list.json").delayed(Duration.ofSeconds(3)));
        LiveCoinWatchProvider slowReader = new LiveCoinWatchProvider(stub.url(), keys,
                http("livecoinwatch", Duration.ofMillis(300), 2), 10, List.of());

        long started = System.nanoTime();
        PollSummary summary = poll(slowReader, simulated());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(stub.requests("/coins/list")).hasSize(2);
        assertFailedOverToSimulated(summary, "livecoinwatch", "provider-failover", "no complete answer within 300 ms (read timeout)");
    }

    @Test
    void connectionRefused_isRetried_thenFailsOver() {
        LiveCoinWatchProvider nowhere = new LiveCoinWatchProvider(ProviderStub.closedPort(), keys,
                http("livecoinwatch", Duration.ofSeconds(2), 3), 10, List.of());

        assertFailedOverToSimulated(poll(nowhere, simulated()), "livecoinwatch", "provider-failover", "connection to 127.0.0.1:", "ConnectException");
        assertThat(clock.sleeps()).hasSize(2);
    }

    @Test
    void everyProviderFailing_failsThePoll_alerts_andNothingReachesKafka() {
        stub.on("/coins/list", Answer.text(503, "text/plain", "Service Unavailable"));
        stub.on("/v3/assets", Answer.json(403, "coincap/error-403.json"));

        assertThatThrownBy(() -> poll(lcw(), coincap()))
                .isInstanceOf(PollService.PollFailedException.class)
                .hasMessageContaining("every provider failed").hasMessageContaining("HTTP 503").hasMessageContaining("HTTP 403");

        assertThat(published()).isEmpty();
        AlertQueue.Received alert = alertQueue.awaitFor(pollId);
        assertThat(alert.subject()).isEqualTo("[quotepipe] poller: all-providers-failed");
        assertThat(alert.context("failedProviders")).isEqualTo("livecoinwatch,coincap");
    }

    @Test
    void aSendKafkaRefuses_failsThePollAtTheFirstRecord_andAlerts() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list.json"));
        // auto.create.topics.enable=false on the broker: a topic that does not exist is a real send failure.
        QuotePublisher nowhere = new QuotePublisher(Map.of("bootstrap.servers", cloud.endpoints().kafkaBootstrapServers()),
                "no-such-topic", Duration.ofSeconds(2));
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> service(nowhere, lcw()).poll(pollId, clock.instant(), Optional.empty()))
                    .isInstanceOf(PollService.PollFailedException.class)
                    .hasMessageContaining("Kafka refused BTC (record 1 of 10) on topic no-such-topic");
            // At the first refused record, not after max.block.ms for each of the ten.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        } finally {
            nowhere.close();
        }
        assertThat(published()).isEmpty();
        assertThat(alertQueue.awaitFor(pollId).kind()).isEqualTo("publish-failed");
    }

    // ---------------------------------------------------------------- bad elements: skipped, the poll goes on

    @Test
    void duplicateCodes_publishTheFirst_andSkipTheOther() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list-duplicate-code.json"));

        PollSummary summary = poll(lcw(), simulated());

        assertPublishedFromLiveCoinWatch(summary, 5, 1);
        assertThat(published()).filteredOn(r -> r.key().equals("BTC")).singleElement()
                .satisfies(r -> assertThat(r.quote().priceUsd()).isEqualTo(new BigDecimal("70835.60123456789")));
        assertSkipLogged("BTC", "duplicate code in this poll");
    }

    @Test
    void nullRate_isSkipped_andTheRestPublished() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list-rate-null.json"));

        assertPublishedFromLiveCoinWatch(poll(lcw(), simulated()), 4, 1);
        assertThat(published()).extracting(Record::key).doesNotContain("USDT");
        assertSkipLogged("USDT", "rate is null");
    }

    @Test
    void zeroAndNegativePrices_areSkipped() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list-zero-and-negative-rate.json"));

        assertPublishedFromLiveCoinWatch(poll(lcw(), simulated()), 3, 2);
        assertThat(published()).extracting(Record::key).containsExactlyInAnyOrder("BTC", "USDT", "SOL");
        assertSkipLogged("ETH", "priceUsd=0: must be greater than 0");
        assertSkipLogged("BNB", "priceUsd=-3.5: must be greater than 0");
    }

    @Test
    void aRateThatIsNotANumber_isSkipped() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list-rate-abc.json"));

        assertPublishedFromLiveCoinWatch(poll(lcw(), simulated()), 4, 1);
        assertSkipLogged("SOL", "rate=\"abc\" is not a number");
    }

    @Test
    void anAbsurdMagnitude_1e400_isSkipped() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list-rate-1e400.json"));

        assertPublishedFromLiveCoinWatch(poll(lcw(), simulated()), 4, 1);
        assertThat(published()).extracting(Record::key).doesNotContain("BTC");
        assertSkipLogged("BTC", "priceUsd=1E+400: is implausibly large");
    }

    @Test
    void aDeltaWithAHugeExponent_isSkippedWithItsReason_notAnExceptionThatFailsThePoll() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list-delta-huge-exponent.json"));

        assertPublishedFromLiveCoinWatch(poll(lcw(), simulated()), 3, 2);
        assertThat(published()).extracting(Record::key).containsExactlyInAnyOrder("BTC", "USDT", "SOL");
        assertSkipLogged("ETH", "delta.hour=1E+999999999");
        assertSkipLogged("BNB", "delta.day=1E-999999999");
    }

    @Test
    void anElementWithoutCode_isSkipped() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list-no-code.json"));

        assertPublishedFromLiveCoinWatch(poll(lcw(), simulated()), 4, 1);
        assertSkipLogged("(no code)", "code is missing");
    }

    @Test
    void unknownExtraFields_areIgnored() {
        stub.on("/coins/list", Answer.json("livecoinwatch/coins-list-extra-fields.json"));

        assertPublishedFromLiveCoinWatch(poll(lcw(), simulated()), 5, 0);
    }

    // ---------------------------------------------------------------- good answers: what reaches Kafka

    @Test
    void liveCoinWatch_pagesOf100UpToTheCoinLimit_andEveryRecordIsAcknowledgedBeforeThePollReturns() {
        stub.on("/coins/list", new SyntheticMarket(1_000)::page);

        PollSummary summary = poll(new LiveCoinWatchProvider(stub.url(), keys, http("livecoinwatch"), 250, List.of()));

        assertThat(stub.requests("/coins/list")).extracting(r -> r.body().replaceAll(".*\"offset\":(\\d+),\"limit\":(\\d+).*", "$1/$2"))
                .containsExactly("0/100", "100/100", "200/50");
        assertThat(summary.published()).isEqualTo(250);
        List<Record> records = published(); // read at once: the poll returned only after every acknowledgement
        assertThat(records).hasSize(250);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(r.quote().symbol());
            assertThat(r.headers()).containsEntry("source", "livecoinwatch").containsEntry("pollId", pollId)
                    .containsEntry("schemaVersion", "1");
        });
        assertThat(records).filteredOn(r -> r.key().equals("C7")).singleElement()
                .satisfies(r -> assertThat(r.quote().priceUsd()).isEqualTo(SyntheticMarket.rate(7)));
    }

    @Test
    void liveCoinWatch_namedSymbols_comeFromCoinsMap() {
        stub.on("/coins/map", Answer.json("livecoinwatch/coins-map.json"));

        PollSummary summary = poll(new LiveCoinWatchProvider(stub.url(), keys, http("livecoinwatch"), 100, List.of("BTC", "ETH", "SOL")));

        assertThat(stub.requests("/coins/map")).singleElement().satisfies(r ->
                assertThat(r.body()).contains("\"codes\":[\"BTC\",\"ETH\",\"SOL\"]", "\"currency\":\"USD\""));
        assertThat(summary.published()).isEqualTo(3);
        assertThat(published()).extracting(Record::key).containsExactlyInAnyOrder("BTC", "ETH", "SOL");
    }

    @Test
    void coinCap_sendsTheBearerKey_andPublishesItsStringNumbersExactly() {
        stub.on("/v3/assets", Answer.json("coincap/assets.json"));

        PollSummary summary = poll(coincap());

        assertThat(stub.requests("/v3/assets")).singleElement().satisfies(r -> {
            assertThat(r.header("authorization")).isEqualTo("Bearer " + CC_KEY);
            assertThat(r.query()).isEqualTo("limit=10&offset=0");
        });
        assertThat(summary.provider()).isEqualTo("coincap");
        assertThat(published()).filteredOn(r -> r.key().equals("BTC")).singleElement().satisfies(r -> {
            assertThat(r.quote().priceUsd()).isEqualTo(new BigDecimal("70835.601234567890120"));
            assertThat(r.value()).contains("\"priceUsd\":70835.601234567890120", "\"observedAt\":\"2026-11-21T18:05:00.412Z\"");
        });
    }

    @Test
    void finnhub_sendsTheKeyInAHeader_neverInTheUrl_andSkipsAnUnknownSymbol() {
        stub.on("/api/v1/quote", request -> switch (request.param("symbol")) {
            case "BINANCE:BTCUSDT" -> Answer.json("finnhub/quote-btc.json");
            case "BINANCE:ETHUSDT" -> Answer.json("finnhub/quote-eth.json");
            case "COINBASE:SOL-USD" -> Answer.json("finnhub/quote-sol.json");
            default -> Answer.json("finnhub/unknown-symbol.json");
        });
        FinnhubProvider finnhub = new FinnhubProvider(stub.url(), keys, http("finnhub"),
                new CallRateLimiter("finnhub", 60, clock, clock.sleeper()), List.of("BTC", "ETH", "SOL", "XYZ"),
                Map.of("SOL", "COINBASE:SOL-USD"), "BINANCE:%sUSDT");

        PollSummary summary = poll(finnhub);

        assertThat(stub.requests("/api/v1/quote")).hasSize(4).allSatisfy(r -> {
            assertThat(r.header("x-finnhub-token")).isEqualTo(FH_KEY);
            assertThat(r.query()).doesNotContain(FH_KEY).doesNotContain("token");
        });
        assertThat(summary.published()).isEqualTo(3);
        assertThat(summary.skipped()).isEqualTo(1);
        assertThat(published()).extracting(Record::key).containsExactlyInAnyOrder("BTC", "ETH", "SOL");
        assertSkipLogged("finnhub", "XYZ", "Finnhub knows no symbol BINANCE:XYZUSDT");
    }

    // ---------------------------------------------------------------- helpers

    private PollSummary poll(QuoteProvider... chain) {
        return service(publisher, chain).poll(pollId, clock.instant(), Optional.empty());
    }

    private PollService service(QuoteSink sink, QuoteProvider... chain) {
        SnsAlertSink sns = new SnsAlertSink(cloud.snsClient(), cloud.endpoints().alertsTopicArn());
        Alerts alerts = new Alerts(alert -> {
            raised.add(alert);
            sns.deliver(alert);
        }, clock, Duration.ZERO);
        return new PollService(new ProviderChain(List.of(chain)), sink, alerts, keys, clock,
                Duration.ofSeconds(20), Duration.ofSeconds(15));
    }

    private List<Record> published;

    /** What this test's poll put on the topic (read once, right after the poll). */
    private List<Record> published() {
        if (published == null) {
            published = topic.readNew(pollId);
        }
        return published;
    }

    private AlertQueue.Received assertFailedOverToSimulated(PollSummary summary, String failed, String kind, String... inMessage) {
        assertThat(summary.provider()).isEqualTo("simulated");
        assertThat(summary.failedProviders()).containsExactly(failed);
        assertThat(published()).hasSize(5).allSatisfy(r -> assertThat(r.headers()).containsEntry("source", "simulated"));
        AlertQueue.Received alert = alertQueue.awaitFor(pollId);
        assertThat(alert.subject()).isEqualTo("[quotepipe] poller: " + kind);
        assertThat(alert.context("provider")).isEqualTo(failed);
        assertThat(alert.context("usedProvider")).isEqualTo("simulated");
        assertThat(alert.body().path("message").asText()).contains(inMessage);
        return alert;
    }

    private void assertPublishedFromLiveCoinWatch(PollSummary summary, int published, int skipped) {
        assertThat(summary.provider()).isEqualTo("livecoinwatch");
        assertThat(summary.published()).isEqualTo(published);
        assertThat(summary.skipped()).isEqualTo(skipped);
        assertThat(published()).hasSize(published).allSatisfy(r -> {
            Quote q = r.quote();
            assertThat(r.key()).isEqualTo(q.symbol());
            assertThat(q.source()).isEqualTo("livecoinwatch");
            assertThat(q.pollId()).isEqualTo(pollId);
        });
        assertThat(raised).as("no alert for a few skipped quotes").isEmpty();
    }

    private void assertSkipLogged(String symbol, String reason) {
        assertSkipLogged("livecoinwatch", symbol, reason);
    }

    private void assertSkipLogged(String provider, String symbol, String reason) {
        assertThat(logs.containing("skipped a quote from " + provider + ", symbol " + symbol + ": "))
                .as("skip line for " + symbol).anySatisfy(l -> assertThat(l).contains(reason, pollId));
    }

    private LiveCoinWatchProvider lcw() {
        return new LiveCoinWatchProvider(stub.url(), keys, http("livecoinwatch"), 10, List.of());
    }

    private CoinCapProvider coincap() {
        return new CoinCapProvider(stub.url(), keys, http("coincap"), 10, List.of());
    }

    private FinnhubProvider finnhub(String... codes) {
        return new FinnhubProvider(stub.url(), keys, http("finnhub"), new CallRateLimiter("finnhub", 60, clock, clock.sleeper()),
                List.of(codes), Map.of(), "BINANCE:%sUSDT");
    }

    private SimulatedProvider simulated() {
        return new SimulatedProvider(42, 5, clock);
    }

    private ProviderHttp http(String provider) {
        return http(provider, Duration.ofSeconds(5), 3);
    }

    private ProviderHttp http(String provider, Duration readTimeout, int attempts) {
        return new ProviderHttp(provider, http, clock, clock.sleeper(),
                new RetryPolicy(attempts, Duration.ofMillis(500), Duration.ofSeconds(4), new SplittableRandom(3)),
                readTimeout, keys::redact, "quotepipe." + provider + ".api-key");
    }
}
