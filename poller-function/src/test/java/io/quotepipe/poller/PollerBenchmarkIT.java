package io.quotepipe.poller;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.core.Quote;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.time.Backoff;
import io.quotepipe.core.time.Jitter;
import io.quotepipe.core.time.Sleeper;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.quarkus.LocalCloudResource;
import io.quotepipe.poller.http.ProviderHttp;
import io.quotepipe.poller.http.RetryPolicy;
import io.quotepipe.poller.kafka.PublishException;
import io.quotepipe.poller.kafka.QuotePublisher;
import io.quotepipe.poller.kafka.QuoteSink;
import io.quotepipe.poller.provider.LiveCoinWatchProvider;
import io.quotepipe.poller.provider.PollRequest;
import io.quotepipe.poller.provider.ProviderChain;
import io.quotepipe.poller.provider.ProviderException;
import io.quotepipe.poller.provider.ProviderPoll;
import io.quotepipe.poller.provider.QuoteProvider;
import io.quotepipe.poller.secrets.ApiKeys;
import io.quotepipe.poller.testing.BenchmarkResource;
import io.quotepipe.poller.testing.ProviderStub;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poll of 1,000 coins (10 LiveCoinWatch pages) from the stub into the local cloud's Kafka broker.
 * Measures, side by side in one run: the raw HTTP fetch of the same pages (bytes only), the poll's
 * own time in HTTP, in normalisation and validation, and in producing until every acknowledgement;
 * then the warm handler invocation through the Lambda Runtime API. Run with
 * {@code ./mvnw -B -ntp -pl poller-function verify -Pbench}; results in {@code target/benchmarks-poller.md}.
 */
@Tag("bench")
@QuarkusTest
@QuarkusTestResource(value = LocalCloudResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = BenchmarkResource.class, restrictToAnnotatedClass = true)
class PollerBenchmarkIT {

    static final int WARMUP = 5;
    static final int RUNS = 20;
    static final int PAGES = BenchmarkResource.COINS / 100;

    ProviderStub stub;

    @Test
    void pollOf1000Coins() throws Exception {
        LocalCloud cloud = LocalCloud.shared();
        Clock clock = Clock.systemUTC();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ApiKeys keys = ApiKeys.none(clock);
        QuotePublisher kafka = new QuotePublisher(Map.of("bootstrap.servers", cloud.endpoints().kafkaBootstrapServers()),
                cloud.endpoints().kafkaTopic(), Duration.ofSeconds(30));
        TimedSink sink = new TimedSink(kafka);
        TimedProvider provider = new TimedProvider(new LiveCoinWatchProvider(stub.url(), new ApiKeys(List.of(
                new ApiKeys.Source("livecoinwatch", Optional.of("bench-fake-key-0000"), Optional.empty())), n -> null, clock,
                Duration.ofHours(1)), new ProviderHttp("livecoinwatch", http, clock, Sleeper.SYSTEM,
                new RetryPolicy(3, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), Jitter.equal(new SplittableRandom(1)))), Duration.ofSeconds(10),
                keys::redact, "-"), BenchmarkResource.COINS, List.of()));
        PollService polls = new PollService(new ProviderChain(List.of(provider)), sink, new Alerts(a -> { }, clock, Duration.ZERO),
                keys, clock, Duration.ofSeconds(20), Duration.ofSeconds(30));

        long[] raw = new long[RUNS], httpInPoll = new long[RUNS], normalise = new long[RUNS], produce = new long[RUNS], total = new long[RUNS];
        for (int i = -WARMUP; i < RUNS; i++) {
            long rawNanos = rawFetch(http);
            long started = System.nanoTime();
            PollSummary summary = polls.poll("bench-" + i, Instant.now(), Optional.empty());
            long pollNanos = System.nanoTime() - started;
            assertThat(summary.published()).isEqualTo(BenchmarkResource.COINS);
            if (i >= 0) {
                raw[i] = rawNanos;
                httpInPoll[i] = provider.httpNanos;
                produce[i] = sink.nanos;
                // everything in the poll that is neither HTTP nor Kafka: parsing, normalising, validating, de-duplicating
                normalise[i] = pollNanos - provider.httpNanos - sink.nanos;
                total[i] = pollNanos;
            }
        }
        kafka.close();

        long[] handler = new long[RUNS];
        String event = Files.readString(Path.of(System.getProperty("quotepipe.home", "..")).resolve("events/scheduled-event.json"));
        for (int i = -WARMUP; i < RUNS; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = invoke(event.replace("53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", "bench-handler-" + i));
            long nanos = System.nanoTime() - started;
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            if (i >= 0) {
                handler[i] = nanos;
            }
        }

        String report = """
                | measure (%d coins, %d pages, %d runs after %d warm-up) | median ms | p90 ms | ratio to raw fetch (median) |
                | --- | ---: | ---: | ---: |
                | raw HTTP fetch of the same pages (bytes only) | %s | %s | 1.00 |
                | poll: time in HTTP | %s | %s | %.2f |
                | poll: parse + normalise + validate | %s | %s | %.2f |
                | poll: produce to Kafka until every ack (acks=all) | %s | %s | %.2f |
                | poll: total | %s | %s | %.2f |
                | warm handler invocation (Runtime API → handler → Kafka acks → response) | %s | %s | %.2f |
                """.formatted(BenchmarkResource.COINS, PAGES, RUNS, WARMUP,
                ms(median(raw)), ms(p90(raw)),
                ms(median(httpInPoll)), ms(p90(httpInPoll)), ratio(httpInPoll, raw),
                ms(median(normalise)), ms(p90(normalise)), ratio(normalise, raw),
                ms(median(produce)), ms(p90(produce)), ratio(produce, raw),
                ms(median(total)), ms(p90(total)), ratio(total, raw),
                ms(median(handler)), ms(p90(handler)), ratio(handler, raw));
        Path out = Path.of("target/benchmarks-poller.md");
        Files.writeString(out, report);
        System.out.println("\n" + report);
    }

    private long rawFetch(HttpClient http) throws Exception {
        long started = System.nanoTime();
        for (int page = 0; page < PAGES; page++) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(stub.url() + "/coins/list"))
                    .header("content-type", "application/json").header("x-api-key", "bench-fake-key-0000")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"currency\":\"USD\",\"sort\":\"rank\",\"order\":\"ascending\",\"offset\":"
                            + page * 100 + ",\"limit\":100,\"meta\":true}")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        return System.nanoTime() - started;
    }

    private static HttpResponse<String> invoke(String event) throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_lambda_"))
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static long p90(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.9) - 1];
    }

    static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    static double ratio(long[] a, long[] b) {
        return (double) median(a) / median(b);
    }

    /** The provider, timed: its total and its time in HTTP. */
    static final class TimedProvider implements QuoteProvider {
        final QuoteProvider delegate;
        long httpNanos;

        TimedProvider(QuoteProvider delegate) {
            this.delegate = delegate;
        }

        public String id() {
            return delegate.id();
        }

        public ProviderPoll fetch(PollRequest request) throws ProviderException {
            ProviderPoll poll = delegate.fetch(request);
            httpNanos = poll.httpTime().toNanos();
            return poll;
        }
    }

    /** The Kafka publisher, timed. */
    static final class TimedSink implements QuoteSink {
        final QuoteSink delegate;
        long nanos;

        TimedSink(QuoteSink delegate) {
            this.delegate = delegate;
        }

        public void publish(List<Quote> quotes) throws PublishException {
            long started = System.nanoTime();
            delegate.publish(quotes);
            nanos = System.nanoTime() - started;
        }

        public String destination() {
            return delegate.destination();
        }
    }
}
