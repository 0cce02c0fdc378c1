package io.quotepipe.poller;

import io.quotepipe.core.Alert;
import io.quotepipe.core.Quote;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.alert.SnsAlertSink;
import io.quotepipe.core.time.Backoff;
import io.quotepipe.core.time.Jitter;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.poller.http.CallRateLimiter;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.http.RetryPolicy;
import io.quotepipe.poller.kafka.QuotePublisher;
import io.quotepipe.poller.kafka.QuoteSink;
import io.quotepipe.poller.provider.CoinCapProvider;
import io.quotepipe.poller.provider.CoinLoreProvider;
import io.quotepipe.poller.provider.CoinPaprikaProvider;
import io.quotepipe.poller.provider.FinnhubProvider;
import io.quotepipe.poller.provider.LiveCoinWatchProvider;
import io.quotepipe.poller.provider.ProviderChain;
import io.quotepipe.poller.provider.QuoteProvider;
import io.quotepipe.poller.provider.SimulatedProvider;
import io.quotepipe.poller.secrets.ApiKeys;
import io.quotepipe.poller.testing.AlertQueue;
import io.quotepipe.poller.testing.LogCapture;
import io.quotepipe.poller.testing.ProviderStub.Answer;
import io.quotepipe.poller.testing.ProviderStub;
import io.quotepipe.poller.testing.SyntheticMarket;
import io.quotepipe.poller.testing.TestClock;
import io.quotepipe.poller.testing.TopicReader.Record;
import io.quotepipe.poller.testing.TopicReader;
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
    static final String CP_KEY = "cp-test-key-9a8b7c6d5e4f";
    static final Duration STALE_AFTER = Duration.ofMinutes(30);

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

    // ---------------------------------------------------------------- keyless providers: CoinPaprika, CoinLore

    /** The recorded answers were observed at 18:04:41; the poll runs 19 s later, as a live one would. */
    static final java.time.Instant RECORDED_FETCH = java.time.Instant.parse("2026-11-21T18:05:00Z");

    @Test
    void coinPaprika_oneCallWithoutKey_publishesTheTopCoinsByRank_exactly() {
        clock.set(RECORDED_FETCH);
        stub.on("/v1/tickers", Answer.json("coinpaprika/tickers.json"));

        PollSummary summary = poll(coinpaprika(), coinlore(), simulated());

        assertThat(stub.requests("/v1/tickers")).singleElement().satisfies(r -> {
            assertThat(r.query()).isEqualTo("quotes=USD");
            assertThat(r.header("authorization")).isNull();
        });
        assertThat(summary.provider()).isEqualTo("coinpaprika");
        assertThat(summary.published()).isEqualTo(10);
        assertThat(published()).extracting(Record::key)
                .containsExactlyInAnyOrder("BTC", "ETH", "USDT", "BNB", "SOL", "USDC", "XRP", "DOGE", "SHIB", "TON");
        assertThat(published()).filteredOn(r -> r.key().equals("BTC")).singleElement().satisfies(r -> assertThat(r.value())
                .contains("\"priceUsd\":70835.60123456789", "\"change1hPct\":0.3", "\"observedAt\":\"2026-11-21T18:04:41.000Z\""));
        assertThat(raised).isEmpty();
    }

    @Test
    void coinPaprika_withAPaidPlansKey_sendsItInTheAuthorizationHeader_andNeverInALogLine() {
        clock.set(RECORDED_FETCH);
        stub.on("/v1/tickers", Answer.json("coinpaprika/tickers.json"));
        ApiKeys paid = new ApiKeys(List.of(new ApiKeys.Source("coinpaprika", Optional.of(CP_KEY), Optional.empty())),
                name -> null, clock, Duration.ofHours(1));

        poll(new CoinPaprikaProvider(stub.url(), paid, http("coinpaprika"), 10, List.of(), STALE_AFTER));

        assertThat(stub.requests("/v1/tickers")).singleElement().satisfies(r -> assertThat(r.header("authorization")).isEqualTo(CP_KEY));
        assertThat(logs.lines()).noneMatch(l -> l.contains(CP_KEY));
    }

    @Test
    void coinPaprikaHtml502_isRetried_thenFailsOverToCoinLore() {
        clock.set(RECORDED_FETCH);
        stub.on("/v1/tickers", Answer.html(502, "livecoinwatch/bad-gateway.html"));
        stub.on("/api/tickers/", Answer.json("coinlore/tickers.json"));

        PollSummary summary = poll(coinpaprika(), coinlore(), simulated());

        assertThat(stub.requests("/v1/tickers")).hasSize(3);
        assertFailedOver(summary, "coinpaprika", "coinlore", 10, "provider-failover", "HTTP 502", "text/html");
    }

    @Test
    void coinPaprika429WithoutRetryAfter_backsOff_thenPublishes() {
        clock.set(RECORDED_FETCH);
        stub.on("/v1/tickers", Answer.json(429, "coinpaprika/error-429.json"), Answer.json("coinpaprika/tickers.json"));

        PollSummary summary = poll(coinpaprika(), coinlore(), simulated());

        assertThat(clock.sleeps()).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(250), Duration.ofMillis(500)));
        assertThat(summary.provider()).isEqualTo("coinpaprika");
        assertThat(published()).hasSize(10);
    }

    @Test
    void coinPaprika429_untilItsQuotaIsBack_failsOverToCoinLore_asRateLimited() {
        clock.set(RECORDED_FETCH);
        stub.on("/v1/tickers", Answer.json(429, "coinpaprika/error-429.json").header("Retry-After", "86400"));
        stub.on("/api/tickers/", Answer.json("coinlore/tickers.json"));

        PollSummary summary = poll(coinpaprika(), coinlore(), simulated());

        assertThat(stub.requests("/v1/tickers")).hasSize(1);
        assertFailedOver(summary, "coinpaprika", "coinlore", 10, "provider-failover", "HTTP 429", "Too many requests",
                "86400 s (Retry-After), past the poll's deadline");
    }

    @Test
    void coinPaprikaEmptyList_failsOverToCoinLore() {
        clock.set(RECORDED_FETCH);
        stub.on("/v1/tickers", Answer.json("coinpaprika/tickers-empty.json"));
        stub.on("/api/tickers/", Answer.json("coinlore/tickers.json"));

        assertFailedOver(poll(coinpaprika(), coinlore(), simulated()), "coinpaprika", "coinlore", 10, "provider-failover", "empty list");
    }

    @Test
    void coinPaprika_badCoins_areSkippedWithTheirReasons_andTheRestPublished() {
        clock.set(RECORDED_FETCH);

        assertBadCoinsSkipped("coinpaprika", "/v1/tickers", "coinpaprika/tickers-price-abc.json", 4,
                "SOL", "quotes.USD.price=\"abc\" is not a number");
        assertBadCoinsSkipped("coinpaprika", "/v1/tickers", "coinpaprika/tickers-no-usd-quote.json", 4,
                "USDT", "quotes.USD is missing: no USD quote for this coin");
        assertBadCoinsSkipped("coinpaprika", "/v1/tickers", "coinpaprika/tickers-price-out-of-bounds.json", 3,
                "BNB", "priceUsd=1E+400: is implausibly large", "SOL", "has more than 38 significant digits");
        assertThat(raised).isEmpty();
    }

    @Test
    void coinPaprika_aDuplicateCode_keepsTheBetterRankedCoin_andReportsTheOther() {
        clock.set(RECORDED_FETCH);
        stub.on("/v1/tickers", Answer.json("coinpaprika/tickers-duplicate-symbol.json"));

        PollSummary summary = poll(coinpaprika(), simulated());

        assertThat(summary.published()).isEqualTo(5);
        assertThat(summary.skipped()).isEqualTo(1);
        assertThat(published()).filteredOn(r -> r.key().equals("BTC")).singleElement()
                .satisfies(r -> assertThat(r.quote().name()).isEqualTo("Bitcoin"));
        assertSkipLogged("coinpaprika", "BTC", "duplicate code in this poll: \"Bitcoin Token\" rank 2841 loses to \"Bitcoin\" rank 1");
    }

    @Test
    void coinPaprika_mostlyStale_failsOverToCoinLore_andTheAlertSaysStale() {
        clock.set(RECORDED_FETCH);
        stub.on("/v1/tickers", Answer.json("coinpaprika/tickers-stale.json"));
        stub.on("/api/tickers/", Answer.json("coinlore/tickers.json"));

        assertFailedOver(poll(coinpaprika(), coinlore(), simulated()), "coinpaprika", "coinlore", 10, "provider-failover",
                "3 of 5 quotes invalid", "stale: observed at 2026-11-20T02:00:00Z");
    }

    @Test
    void coinLore_publishesItsStringNumbersExactly_atInfoTime() {
        clock.set(RECORDED_FETCH);
        stub.on("/api/tickers/", Answer.json("coinlore/tickers.json"));

        PollSummary summary = poll(coinlore(), simulated());

        assertThat(stub.requests("/api/tickers/")).singleElement().satisfies(r -> assertThat(r.query()).isEqualTo("start=0&limit=10"));
        assertThat(summary.provider()).isEqualTo("coinlore");
        assertThat(published()).hasSize(10).filteredOn(r -> r.key().equals("BTC")).singleElement().satisfies(r -> assertThat(r.value())
                .contains("\"priceUsd\":70835.60", "\"volume24hUsd\":24721785938.92", "\"observedAt\":\"2026-11-21T18:04:41.000Z\""));
    }

    @Test
    void coinLore_pagesOf100_oneCallASecond_upToTheCoinLimit() {
        clock.set(RECORDED_FETCH);
        stub.on("/api/tickers/", request -> Answer.text(200, "application/json",
                coinLorePage(Integer.parseInt(request.param("start")), Integer.parseInt(request.param("limit")))));

        PollSummary summary = poll(new CoinLoreProvider(stub.url(), http("coinlore"),
                new CallRateLimiter("coinlore", 1, Duration.ofSeconds(1), clock, clock.sleeper()), 250, List.of(), STALE_AFTER));

        assertThat(stub.requests("/api/tickers/")).extracting(ProviderStub.Request::query)
                .containsExactly("start=0&limit=100", "start=100&limit=100", "start=200&limit=50");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(summary.published()).isEqualTo(250);
    }

    @Test
    void coinLore5xx_isRetried_thenFailsOverToSimulated() {
        clock.set(RECORDED_FETCH);
        stub.on("/api/tickers/", Answer.text(503, "text/html", "<html><body>503 Service Temporarily Unavailable</body></html>"));

        PollSummary summary = poll(coinlore(), simulated());

        assertThat(stub.requests("/api/tickers/")).hasSize(3);
        assertFailedOverToSimulated(summary, "coinlore", "provider-failover", "HTTP 503", "503 Service Temporarily Unavailable");
    }

    @Test
    void coinLore429_waitsWhatRetryAfterAsks_thenPublishes() {
        clock.set(RECORDED_FETCH);
        stub.on("/api/tickers/", Answer.text(429, "text/html", "<html><body>429 Too Many Requests</body></html>").header("Retry-After", "2"),
                Answer.json("coinlore/tickers.json"));

        PollSummary summary = poll(coinlore(), simulated());

        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(summary.provider()).isEqualTo("coinlore");
        assertThat(published()).hasSize(10);
    }

    @Test
    void coinLoreHtmlPage_failsOverToSimulated() {
        clock.set(RECORDED_FETCH);
        stub.on("/api/tickers/", Answer.html(200, "livecoinwatch/bad-gateway.html"));

        assertFailedOverToSimulated(poll(coinlore(), simulated()), "coinlore", "provider-failover", "not readable JSON");
    }

    @Test
    void coinLoreEmptyData_failsOverToSimulated() {
        clock.set(RECORDED_FETCH);
        stub.on("/api/tickers/", Answer.json("coinlore/tickers-empty.json"));

        assertFailedOverToSimulated(poll(coinlore(), simulated()), "coinlore", "provider-failover", "empty list");
    }

    @Test
    void coinLoreStalePage_failsOverToSimulated_andTheAlertSaysStale() {
        clock.set(RECORDED_FETCH);
        stub.on("/api/tickers/", Answer.json("coinlore/tickers-stale.json"));

        assertFailedOverToSimulated(poll(coinlore(), simulated()), "coinlore", "provider-failover",
                "5 of 5 quotes invalid", "stale: observed at 2026-11-21T15:04:41Z, 180 min before");
    }

    @Test
    void coinLore_badCoins_areSkippedWithTheirReasons_andADuplicateLosesByRank() {
        clock.set(RECORDED_FETCH);

        assertBadCoinsSkipped("coinlore", "/api/tickers/", "coinlore/tickers-price-abc.json", 4,
                "SOL", "price_usd=\"abc\" is not a number");
        assertBadCoinsSkipped("coinlore", "/api/tickers/", "coinlore/tickers-price-out-of-bounds.json", 3,
                "BNB", "priceUsd=1E+400: is implausibly large", "SOL", "has more than 38 significant digits");
        assertBadCoinsSkipped("coinlore", "/api/tickers/", "coinlore/tickers-duplicate-symbol.json", 5,
                "BTC", "duplicate code in this poll: \"Bitcoin Token\" rank 2841 loses to \"Bitcoin\" rank 1");
        assertThat(published()).filteredOn(r -> r.key().equals("BTC")).singleElement()
                .satisfies(r -> assertThat(r.quote().name()).isEqualTo("Bitcoin"));
        assertThat(raised).isEmpty();
    }

    /** Polls {@code provider} answering {@code fixture} (a poll id of its own): {@code published} quotes, each skip logged with its reason. */
    private void assertBadCoinsSkipped(String provider, String path, String fixture, int published, String... symbolAndReason) {
        stub.on(path, Answer.json(fixture));
        pollId = "corpus-" + provider + "-" + fixture.replaceAll(".*/|\\.json", "");
        this.published = null;

        PollSummary summary = poll(provider.equals("coinlore") ? coinlore() : coinpaprika(), simulated());

        assertThat(summary.provider()).isEqualTo(provider);
        assertThat(summary.published()).as(fixture).isEqualTo(published);
        assertThat(published()).hasSize(published);
        for (int i = 0; i < symbolAndReason.length; i += 2) {
            assertSkipLogged(provider, symbolAndReason[i], symbolAndReason[i + 1]);
        }
    }

    /** A CoinLore page as the API shapes it: numbers as strings, volume24 a number, info.time at the recorded fetch. */
    private static String coinLorePage(int start, int limit) {
        StringBuilder data = new StringBuilder();
        for (int i = start; i < start + limit; i++) {
            data.append(data.isEmpty() ? "" : ",").append(String.format(java.util.Locale.ROOT,
                    "{\"id\":\"%d\",\"symbol\":\"C%d\",\"name\":\"Coin %d\",\"nameid\":\"coin-%d\",\"rank\":%d,"
                            + "\"price_usd\":\"%d.25\",\"percent_change_24h\":\"1.10\",\"percent_change_1h\":\"0.10\","
                            + "\"percent_change_7d\":\"-2.00\",\"price_btc\":\"0.0001\",\"market_cap_usd\":\"%d000.50\","
                            + "\"volume24\":%d00.5,\"volume24a\":%d00.25,\"csupply\":\"1000.00\",\"tsupply\":\"1000\",\"msupply\":\"\"}",
                    9000 + i, i, i, i, i + 1, 1000 - i, 1000 - i, 1000 - i, 1000 - i));
        }
        return "{\"data\":[" + data + "],\"info\":{\"coins_num\":14993,\"time\":" + RECORDED_FETCH.minusSeconds(19).getEpochSecond() + "}}";
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

    private void assertFailedOver(PollSummary summary, String failed, String used, int published, String kind, String... inMessage) {
        assertThat(summary.provider()).isEqualTo(used);
        assertThat(summary.failedProviders()).containsExactly(failed);
        assertThat(published()).hasSize(published).allSatisfy(r -> assertThat(r.headers()).containsEntry("source", used));
        AlertQueue.Received alert = alertQueue.awaitFor(pollId);
        assertThat(alert.subject()).isEqualTo("[quotepipe] poller: " + kind);
        assertThat(alert.context("provider")).isEqualTo(failed);
        assertThat(alert.context("usedProvider")).isEqualTo(used);
        assertThat(alert.body().path("message").asText()).contains(inMessage);
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

    private CoinPaprikaProvider coinpaprika() {
        return new CoinPaprikaProvider(stub.url(), keys, http("coinpaprika"), 10, List.of(), STALE_AFTER);
    }

    private CoinLoreProvider coinlore() {
        return new CoinLoreProvider(stub.url(), http("coinlore"),
                new CallRateLimiter("coinlore", 1, Duration.ofSeconds(1), clock, clock.sleeper()), 10, List.of(), STALE_AFTER);
    }

    private SimulatedProvider simulated() {
        return new SimulatedProvider(42, 5, clock);
    }

    private ProviderHttp http(String provider) {
        return http(provider, Duration.ofSeconds(5), 3);
    }

    private ProviderHttp http(String provider, Duration readTimeout, int attempts) {
        return new ProviderHttp(provider, http, clock, clock.sleeper(),
                new RetryPolicy(attempts, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), Jitter.equal(new SplittableRandom(3)))),
                readTimeout, keys::redact, "quotepipe." + provider + ".api-key");
    }
}
