package io.quotepipe.query;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.core.DynamoKeys.Interval;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.S3BatchKey;
import io.quotepipe.core.Times;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.query.testing.LocalCloudResource;
import io.quotepipe.query.testing.Seed;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The API on the local cloud's DynamoDB (dynalite), over the {@link Seed} data whose last quotes are "now". */
@QuarkusTest
@WithTestResource(LocalCloudResource.class)
class QueryApiIT {

    private final Instant anchor = Times.parse(ConfigProvider.getConfig()
            .getValue(LocalCloudResource.ANCHOR_KEY, String.class));
    private final Seed seed = Seed.of(anchor);

    private static JsonPath ok(Response response) {
        return response.then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    @Test
    void listsTheLatestQuoteOfEveryCoin_byRank() {
        JsonPath body = ok(given().get("/api/coins"));

        assertThat(body.getString("sort")).isEqualTo("rank");
        assertThat(body.getString("order")).isEqualTo("asc");
        assertThat(body.getInt("count")).isEqualTo(4);
        assertThat(body.getList("quotes.symbol", String.class)).containsExactly("BTC", "ETH", "SOL", "PEPE");
        assertThat(body.getList("quotes.observedAt", String.class)).containsOnly(Times.format(anchor));
    }

    @Test
    void sortsTheLatestQuotes_byPriceOrChange_inEitherOrder() {
        assertThat(ok(given().get("/api/coins?sort=price")).getList("quotes.symbol", String.class))
                .containsExactly("BTC", "ETH", "SOL", "PEPE");
        assertThat(ok(given().get("/api/coins?sort=price&order=asc&limit=2")).getList("quotes.symbol", String.class))
                .containsExactly("PEPE", "SOL");

        List<String> by24h = seed.latest().stream()
                .sorted(Comparator.comparing(Quote::change24hPct).reversed()).map(Quote::symbol).toList();
        assertThat(ok(given().get("/api/coins?sort=change24h")).getList("quotes.symbol", String.class))
                .containsExactlyElementsOf(by24h);
        List<String> by1h = seed.latest().stream()
                .sorted(Comparator.comparing(Quote::change1hPct)).map(Quote::symbol).toList();
        assertThat(ok(given().get("/api/coins?sort=change1h&order=asc")).getList("quotes.symbol", String.class))
                .containsExactlyElementsOf(by1h);
    }

    @Test
    void returnsOneCoinsLatestQuote_asQuoteJsonV1_withEveryDecimalDigit() throws Exception {
        String body = given().get("/api/coins/PEPE").then().statusCode(200).extract().asString();

        assertThat(body).contains("\"priceUsd\":0.000000012345,");
        assertThat(QuoteJson.read(body)).isEqualTo(seed.latest("PEPE"));
    }

    @Test
    void answers404_forACoinWithoutQuotes() {
        JsonPath body = given().get("/api/coins/NOPE").then().statusCode(404).extract().jsonPath();

        assertThat(body.getString("error")).isEqualTo("not-found");
        assertThat(body.getString("message")).startsWith("No latest quote of NOPE in table " + LocalCloudResource.TABLE);
    }

    @Test
    void returnsACoinsHistoryInARange_oldestFirst_fromEverySourceOrOne() {
        Instant from = anchor.minus(Duration.ofHours(1));
        JsonPath all = ok(given().queryParam("from", Times.format(from)).queryParam("to", Times.format(anchor))
                .get("/api/coins/BTC/history"));
        List<Quote> expected = seed.history("BTC").stream()
                .filter(q -> !q.observedAt().isBefore(from) && !q.observedAt().isAfter(anchor)).toList();

        assertThat(all.getInt("count")).isEqualTo(26).isEqualTo(expected.size());
        assertThat(all.getBoolean("truncated")).isFalse();
        assertThat(all.getList("quotes.observedAt", String.class))
                .containsExactlyElementsOf(expected.stream().map(q -> Times.format(q.observedAt())).toList());
        assertThat(all.getList("quotes.source", String.class)).contains("coincap", "livecoinwatch");

        JsonPath one = ok(given().queryParam("from", Times.format(from)).queryParam("to", Times.format(anchor))
                .queryParam("source", "coincap").get("/api/coins/BTC/history"));
        assertThat(one.getString("source")).isEqualTo("coincap");
        assertThat(one.getList("quotes.source", String.class)).hasSize(13).containsOnly("coincap");
    }

    @Test
    void reachesBack24Hours_byDefault() {
        JsonPath body = ok(given().get("/api/coins/ETH/history"));

        List<String> times = body.getList("quotes.observedAt", String.class);
        assertThat(times.getLast()).isEqualTo(Times.format(anchor));
        assertThat(Times.parse(times.getFirst())).isAfterOrEqualTo(Times.parse(body.getString("to")).minus(Duration.ofHours(24)));
        assertThat(times).hasSizeBetween(Seed.STEPS - 12, Seed.STEPS + 1);
    }

    @Test
    void downsamplesToTheLastQuoteOfEachHour() {
        Instant from = anchor.minus(Duration.ofHours(6));
        JsonPath body = ok(given().queryParam("from", Times.format(from)).queryParam("to", Times.format(anchor))
                .queryParam("step", "1h").queryParam("source", "livecoinwatch").get("/api/coins/SOL/history"));
        Map<Instant, Quote> lastPerHour = new TreeMap<>();
        seed.history("SOL").stream()
                .filter(q -> !q.observedAt().isBefore(from) && !q.observedAt().isAfter(anchor))
                .forEach(q -> lastPerHour.put(Interval.HOUR.start(q.observedAt()), q));

        assertThat(body.getString("step")).isEqualTo("PT1H");
        assertThat(body.getList("quotes.observedAt", String.class))
                .containsExactlyElementsOf(lastPerHour.values().stream().map(q -> Times.format(q.observedAt())).toList());
        assertThat(body.getList("quotes.priceUsd", BigDecimal.class))
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactlyElementsOf(lastPerHour.values().stream().map(Quote::priceUsd).toList());
    }

    @Test
    void returnsHourlyAndDailyCandles_equalToARecomputationFromTheHistory() {
        for (Interval interval : Interval.values()) {
            List<Seed.Ohlc> expected = seed.candles("BTC", interval);
            JsonPath body = ok(given().queryParam("interval", interval.token())
                    .queryParam("from", Times.format(anchor.minus(Duration.ofDays(2))))
                    .queryParam("to", Times.format(anchor))
                    .get("/api/coins/BTC/candles"));

            assertThat(body.getString("interval")).isEqualTo(interval.token());
            assertThat(body.getList("candles.start", String.class))
                    .containsExactlyElementsOf(expected.stream().map(c -> Times.format(c.start())).toList());
            for (int i = 0; i < expected.size(); i++) {
                Seed.Ohlc c = expected.get(i);
                String at = "candles[" + i + "].";
                assertThat(new BigDecimal(body.getString(at + "open"))).isEqualByComparingTo(c.open().priceUsd());
                assertThat(new BigDecimal(body.getString(at + "high"))).isEqualByComparingTo(c.high().priceUsd());
                assertThat(new BigDecimal(body.getString(at + "low"))).isEqualByComparingTo(c.low().priceUsd());
                assertThat(new BigDecimal(body.getString(at + "close"))).isEqualByComparingTo(c.close().priceUsd());
                assertThat(body.getString(at + "closeAt")).isEqualTo(Times.format(c.close().observedAt()));
            }
        }
    }

    @Test
    void answers400NamingTheParameter_andTheAcceptedValues() {
        JsonPath sort = given().get("/api/coins?sort=volume").then().statusCode(400).extract().jsonPath();
        assertThat(sort.getString("error")).isEqualTo("bad-parameter");
        assertThat(sort.getString("parameter")).isEqualTo("sort");
        assertThat(sort.getString("message")).isEqualTo("sort='volume': must be one of rank, price, change1h, change24h");
        assertThat(sort.getList("accepted", String.class)).containsExactly("rank", "price", "change1h", "change24h");

        assertBadParameter("/api/coins/BTC/candles", "interval", "interval: is required: one of 1h, 1d");
        assertBadParameter("/api/coins/BTC/candles?interval=1w", "interval", "interval='1w': must be one of 1h, 1d");
        assertBadParameter("/api/coins/BTC/history?step=10s", "step",
                "step='10s': must be a duration like 5m, 1h, 1d or PT15M (ISO-8601)");
        assertBadParameter("/api/coins/BTC/history?from=yesterday", "from",
                "from='yesterday': must be a UTC time like 2026-11-21T18:05:00.000Z");
        assertBadParameter("/api/coins/BTC/history?from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z", "from",
                "from='2026-11-22T00:00:00.000Z': must not be after to=2026-11-21T00:00:00.000Z");
        assertBadParameter("/api/coins/BTC/history?from=2026-01-01T00:00:00Z&to=2026-11-21T00:00:00Z", "from",
                "from='2026-01-01T00:00:00.000Z': the range to 2026-11-21T00:00:00.000Z is longer than 31 days "
                        + "(quotepipe.query.max-history-range): ask for a shorter one");
        assertBadParameter("/api/coins?limit=0", "limit", "limit='0': must be a whole number from 1 to 1000");
        assertThat(given().urlEncodingEnabled(false).get("/api/coins/BTC%23TS").then().statusCode(400)
                .extract().jsonPath().getString("parameter")).isEqualTo("symbol");
    }

    private static void assertBadParameter(String path, String parameter, String message) {
        JsonPath body = given().urlEncodingEnabled(false).get(path).then().statusCode(400).extract().jsonPath();
        assertThat(body.getString("parameter")).as(path).isEqualTo(parameter);
        assertThat(body.getString("message")).as(path).isEqualTo(message);
    }

    @Test
    void publishesAnOpenApiDocumentOfEveryEndpoint() {
        JsonPath doc = ok(given().get("/q/openapi?format=json"));

        assertThat(doc.getMap("paths").keySet()).contains("/api/coins", "/api/coins/{symbol}",
                "/api/coins/{symbol}/history", "/api/coins/{symbol}/candles", "/api/coins/{symbol}/volumes", "/api/pipeline");
        assertThat(doc.getMap("components.schemas.PipelineStatus.properties")).containsKeys(
                "lastPoll", "lastLoad", "lastBatch", "quarantine", "consumerLag", "deadLetters", "alerts", "notAvailable");
        assertThat(doc.getMap("components.schemas.LastPoll.properties")).containsKeys("failovers", "outcome");
        assertThat(doc.getMap("components.schemas.LastLoad.properties")).containsKeys("loadedAt", "loadedObject");
        assertThat(doc.getList("paths.'/api/coins'.get.parameters.name", String.class))
                .containsExactlyInAnyOrder("sort", "order", "limit");
        assertThat(doc.getMap("paths.'/api/coins/{symbol}/history'.get.responses")).containsKeys("200", "400", "503");
    }

    @Test
    void givesEachCandlesVolume_fromTheQuoteThatClosedIt() {
        for (Interval interval : Interval.values()) {
            List<Seed.Ohlc> candles = seed.candles("BTC", interval);
            JsonPath body = ok(given().queryParam("interval", interval.token())
                    .queryParam("from", Times.format(anchor.minus(Duration.ofDays(2))))
                    .queryParam("to", Times.format(anchor))
                    .get("/api/coins/BTC/volumes"));

            assertThat(body.getBoolean("truncated")).isFalse();
            assertThat(body.getList("points.start", String.class))
                    .containsExactlyElementsOf(candles.stream().map(c -> Times.format(c.start())).toList());
            assertThat(body.getList("points.at", String.class))
                    .containsExactlyElementsOf(candles.stream().map(c -> Times.format(c.close().observedAt())).toList());
            assertThat(body.getList("points.volume24hUsd", BigDecimal.class))
                    .usingElementComparator(BigDecimal::compareTo)
                    .containsExactlyElementsOf(candles.stream().map(c -> c.close().volume24hUsd()).toList());
        }
    }

    /**
     * The pipeline panel's data come from what the stages write: the LATEST items (poll, source, s3Key) and the lake's
     * objects. An object under quotes/ and a quarantine object are put into the bucket as the consumer and the loader
     * name them; the stages' records for the panel are not (PipelineQueriesIT and DashboardBrowserIT have them), so the
     * fields only they give are said to be not available, and there are no dead letters and no alerts.
     */
    @Test
    void describesThePipeline_fromTheLatestItemsAndTheLake() {
        S3Client s3 = LocalCloud.shared().s3Client();
        String bucket = ConfigProvider.getConfig().getValue("quotepipe.s3.bucket", String.class);
        Quote btc = seed.latest("BTC");
        String loadedKey = Seed.historyItem(btc).get("s3Key").s();
        s3.putObject(b -> b.bucket(bucket).key(loadedKey), RequestBody.fromString("{}\n"));
        String quarantined = S3BatchKey.quarantineKey(loadedKey);
        s3.putObject(b -> b.bucket(bucket).key(quarantined), RequestBody.fromString(
                "{\"line\":3,\"reason\":\"priceUsd: is required\",\"input\":\"{}\"}\n"
                        + "{\"line\":7,\"reason\":\"not JSON\",\"input\":\"x\"}\n"));

        JsonPath body = ok(given().get("/api/pipeline"));

        List<Quote> latest = seed.latest();
        assertThat(body.getString("lastPoll.pollId")).isEqualTo(btc.pollId());
        assertThat(body.getString("lastPoll.source")).isEqualTo(Seed.SOURCE);
        assertThat(body.getString("lastPoll.fetchedAt")).isEqualTo(Times.format(btc.fetchedAt()));
        assertThat(body.getInt("lastPoll.quotes")).isEqualTo(latest.size());
        assertThat(body.getList("lastLoad.objects", String.class)).containsExactlyElementsOf(latest.stream()
                .map(q -> Seed.historyItem(q).get("s3Key").s()).distinct().sorted().toList());
        assertThat(body.getInt("lastLoad.quotes")).isEqualTo(latest.size());
        assertThat(body.getString("lastBatch.key")).isEqualTo(loadedKey);
        assertThat(body.getBoolean("lastBatch.loaded")).isTrue();
        assertThat(body.getInt("quarantine.objects")).isEqualTo(1);
        assertThat(body.getInt("quarantine.lines")).isEqualTo(2);
        assertThat(body.getString("quarantine.latestKey")).isEqualTo(quarantined);
        assertThat(body.getInt("deadLetters.count")).isZero();
        assertThat(body.getList("alerts")).isEmpty();
        assertThat(body.getList("notAvailable.field", String.class))
                .containsExactlyInAnyOrder("lastPoll.failovers", "lastLoad.loadedAt", "consumerLag");
    }

    @Test
    void isReady_whenItsTableCanBeRead() {
        JsonPath health = ok(given().get("/q/health/ready"));

        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getString("checks[0].data.table")).isEqualTo(LocalCloudResource.TABLE);
    }

    @Test
    void servesTheDashboardAndItsChartLibrary_fromItsOwnJar() {
        String page = given().get("/").then().statusCode(200).extract().asString();
        String library = page.replaceAll("(?s).*<script src=\"(/_static/echarts/[^\"]+)\".*", "$1");

        assertThat(library).matches("/_static/echarts/\\d+\\.\\d+\\.\\d+/dist/echarts\\.min\\.js");
        assertThat(page).doesNotContain("https://");
        assertThat(given().get(library).then().statusCode(200).extract().asString()).contains("candlestick");
        given().get("/dashboard.js").then().statusCode(200);
    }
}
