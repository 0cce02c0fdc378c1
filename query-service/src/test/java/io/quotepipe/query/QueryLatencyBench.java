package io.quotepipe.query;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.Times;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.query.testing.LocalCloudResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latency of the API under concurrent load, next to the same reads made straight to the local DynamoDB (dynalite) with
 * the SDK in the same run: the ratio is what the service adds (HTTP, mapping, JSON). Run with
 * {@code ./mvnw -pl query-service verify -Pbench}; the table goes to {@code target/benchmarks-query.md}.
 *
 * <p>Every loop is bounded in count and in time, and every request goes to 127.0.0.1.
 */
@QuarkusTest
@WithTestResource(value = LocalCloudResource.class, initArgs = {
        @ResourceArg(name = LocalCloudResource.TABLE_ARG, value = "quotes-bench"),
        @ResourceArg(name = LocalCloudResource.EXTRA_COINS_ARG, value = "96")})
class QueryLatencyBench {

    private static final Logger LOG = Logger.getLogger(QueryLatencyBench.class);
    /** Callers in a closed loop: one (the bare latency) and eight (under load). */
    static final List<Integer> CONCURRENCY = Arrays.stream(System.getProperty("quotepipe.bench.concurrency", "1,8")
            .split(",")).map(String::strip).map(Integer::valueOf).toList();
    static final int WARMUP = Integer.getInteger("quotepipe.bench.warmup", 100);
    static final int REQUESTS = Integer.getInteger("quotepipe.bench.requests", 500);
    static final Duration TIME_LIMIT = Duration.ofSeconds(Long.getLong("quotepipe.bench.seconds", 30));

    @TestHTTPResource("/")
    URL base;

    /** One kind of request; returns how many items it got back, to check both paths read the same. */
    interface Call {
        int run() throws Exception;
    }

    record Result(String name, int concurrency, int requests, double p50Ms, double p99Ms, double perSecond, int items,
                  double serverCpuMsPerRequest) {
    }

    @Test
    void measuresTheApiNextToDirectDynamoDbReads() throws Exception {
        Instant anchor = Times.parse(ConfigProvider.getConfig().getValue(LocalCloudResource.ANCHOR_KEY, String.class));
        Instant from = anchor.minus(Duration.ofHours(24));
        String table = ConfigProvider.getConfig().getValue("quotepipe.dynamodb.table", String.class);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI latestUri = base.toURI().resolve("/api/coins");
        URI historyUri = base.toURI().resolve("/api/coins/BTC/history?from=" + Times.format(from) + "&to="
                + Times.format(anchor));
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(LocalCloud.shared().endpoints().dynamoDb())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            Call apiLatest = () -> count(http, latestUri, "\"symbol\"");
            Call sdkLatest = () -> query(dynamo, QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(DynamoKeys.LATEST_PK))));
            Call apiHistory = () -> count(http, historyUri, "\"priceUsd\"");
            Call sdkHistory = () -> query(dynamo, QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(DynamoKeys.historyPk("BTC")),
                            ":from", AttributeValue.fromS(DynamoKeys.historySkFrom(from)),
                            ":to", AttributeValue.fromS(DynamoKeys.historySkTo(anchor)))));

            String loadBefore = loadAverage();
            List<Result> results = new ArrayList<>();
            for (int callers : CONCURRENCY) {
                Result sdk = measure("latest of all coins: SDK Query LATEST", callers, sdkLatest);
                Result api = measure("latest of all coins: GET /api/coins", callers, apiLatest);
                assertThat(api.items()).isEqualTo(sdk.items()).isEqualTo(100);
                results.addAll(List.of(sdk, api));
            }
            for (int callers : CONCURRENCY) {
                Result sdk = measure("BTC, 24 hours: SDK Query COIN#BTC BETWEEN", callers, sdkHistory);
                Result api = measure("BTC, 24 hours: GET /api/coins/BTC/history", callers, apiHistory);
                assertThat(api.items()).isEqualTo(sdk.items()).isGreaterThan(300);
                results.addAll(List.of(sdk, api));
            }
            String report = report(results, loadBefore, loadAverage());
            LOG.info("\n" + report);
            Path out = Path.of(System.getProperty("quotepipe.bench.output", "target/benchmarks-query.md"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
        }
    }

    private static int count(HttpClient http, URI uri, String marker) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        String body = response.body();
        int n = 0;
        for (int at = body.indexOf(marker); at >= 0; at = body.indexOf(marker, at + 1)) {
            n++;
        }
        return n;
    }

    private static int query(DynamoDbClient dynamo, QueryRequest.Builder request) {
        int n = 0;
        for (var page : dynamo.queryPaginator(request.build())) {
            n += page.items().size();
        }
        return n;
    }

    /** A closed loop of {@code callers}: warm-up, then up to {@link #REQUESTS} timed calls within the time limit. */
    private static Result measure(String name, int callers, Call call) throws Exception {
        int items = call.run();
        run(call, callers, WARMUP, TIME_LIMIT);
        Duration cpuBefore = serverCpu();
        long started = System.nanoTime();
        long[] latencies = run(call, callers, REQUESTS, TIME_LIMIT);
        double seconds = (System.nanoTime() - started) / 1e9;
        double serverCpuMs = serverCpu().minus(cpuBefore).toNanos() / 1e6 / latencies.length;
        Arrays.sort(latencies);
        return new Result(name, callers, latencies.length, percentile(latencies, 50), percentile(latencies, 99),
                latencies.length / seconds, items, serverCpuMs);
    }

    /** CPU time (user + system) of the local DynamoDB server's process so far, as the OS counts it (/proc/<pid>/stat). */
    private static Duration serverCpu() {
        return LocalCloud.shared().dynamoDb().process().flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    private static long[] run(Call call, int callers, int requests, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[requests];
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            List<Callable<Void>> loops = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                loops.add(() -> {
                    for (int i = next.getAndIncrement(); i < requests && System.nanoTime() < deadline;
                            i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        call.run();
                        latencies[i] = System.nanoTime() - t0;
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(loops)) {
                f.get();
            }
        }
        int done = Math.min(next.get(), requests);
        return Arrays.stream(latencies, 0, done).filter(l -> l > 0).toArray();
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** The machine's 1-minute load average: other work on the cores shows in every figure. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String report(List<Result> r, String loadBefore, String loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Up to %d requests a row (at most %d s) after %d warm-up; %d cores, "
                        + "load average %s before and %s after; %s %s%n%n",
                REQUESTS, TIME_LIMIT.toSeconds(), WARMUP, Runtime.getRuntime().availableProcessors(),
                loadBefore, loadAfter, System.getProperty("java.vm.name"), Runtime.version()));
        out.append("| request | callers | items | requests | p50 ms | p99 ms | req/s | DynamoDB server CPU ms/request |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Result x : r) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.2f | %.0f | %.2f |%n",
                    x.name(), x.concurrency(), x.items(), x.requests(), x.p50Ms(), x.p99Ms(), x.perSecond(),
                    x.serverCpuMsPerRequest()));
        }
        out.append("\n| service / SDK | callers | p50 | p99 |\n| --- | ---: | ---: | ---: |\n");
        for (int i = 0; i + 1 < r.size(); i += 2) {
            Result sdk = r.get(i);
            Result api = r.get(i + 1);
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2fx | %.2fx |%n", api.name().replaceFirst(":.*", ""),
                    api.concurrency(), api.p50Ms() / sdk.p50Ms(), api.p99Ms() / sdk.p99Ms()));
        }
        return out.toString();
    }
}
