package io.quotepipe.query;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.core.Alert;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.S3BatchKey;
import io.quotepipe.core.Times;
import io.quotepipe.core.alert.RecordedAlertSink;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.query.testing.LocalCloudResource;
import io.quotepipe.query.testing.Seed;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard in a real headless Chromium (Debian packages {@code chromium} and {@code chromium-driver}), served by
 * the app on 127.0.0.1 over a seeded table of its own ({@value #TABLE}) and a bucket of the same name: it must list the
 * coins and draw both charts; a coin's first poll must be a visible point and its second must join it; the pipeline
 * panel must show the last load, the consumer lag, the dead letters and the latest alert; the table must fit its columns at common widths. A screenshot is left at
 * {@code target/dashboard.png}.
 *
 * <p>Polls are written as the pipeline writes them: history and {@code LATEST} items in the loader's layout (with the
 * {@code s3Key} of their batch) and the batch object under {@code quotes/} as the consumer names it.
 *
 * <p>Without Chromium the test fails and says what to install; {@code -Dquotepipe.browser.optional=true} turns that
 * into a skip, for a developer's machine only.
 */
@QuarkusTest
@WithTestResource(value = LocalCloudResource.class, initArgs = @ResourceArg(name = LocalCloudResource.TABLE_ARG,
        value = DashboardBrowserIT.TABLE))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    /** Its own table and bucket: the polls it writes must not change what QueryApiIT reads. */
    static final String TABLE = "dashboard-it";
    static final Path CHROMIUM = Path.of(System.getProperty("quotepipe.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("quotepipe.chromedriver", "/usr/bin/chromedriver"));
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** The price line's colour (dashboard.js), to count the pixels of its points. */
    static final int[] LINE_RGB = {0x25, 0x63, 0xeb};

    private static WebDriver browser;
    private static Path profile;

    @TestHTTPResource("/")
    URL root;

    private final Instant anchor = Times.parse(ConfigProvider.getConfig()
            .getValue(LocalCloudResource.ANCHOR_KEY, String.class));

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "The dashboard test needs headless Chromium: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing. Install the Debian packages: apt-get install -y chromium chromium-driver";
            if (Boolean.getBoolean("quotepipe.browser.optional")) {
                Assumptions.abort(missing + " (skipped: quotepipe.browser.optional=true)");
            }
            fail(missing);
        }
        profile = Files.createTempDirectory("quotepipe-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    @Order(1)
    void showsEveryCoinAndDrawsBothCharts_andRefreshesOnItsOwn() {
        assertThat(root.getHost()).isEqualTo("127.0.0.1");
        browser.get(root + "?refresh=2&window=24h");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);

        wait.until(b -> b.findElements(By.cssSelector("#latest tbody tr[data-symbol]")).size() == Seed.COINS.size());
        List<WebElement> rows = browser.findElements(By.cssSelector("#latest tbody tr[data-symbol]"));
        assertThat(rows).extracting(r -> r.getAttribute("data-symbol")).containsExactly("BTC", "ETH", "SOL", "PEPE");
        assertThat(rows.getLast().findElement(By.cssSelector(".price")).getText()).isEqualTo("0.000000012345");
        assertThat(rows.getFirst().findElement(By.cssSelector(".price")).getText()).isEqualTo("70,835.6");
        assertThat(rows.getFirst().findElement(By.cssSelector(".change24h")).getText()).matches("[+-]?\\d+\\.\\d\\d %");

        wait.until(b -> Integer.parseInt(attribute("#price-chart", "data-points")) > 0
                && Integer.parseInt(attribute("#candle-chart", "data-candles")) > 0
                && Integer.parseInt(attribute("#candle-chart", "data-volumes")) > 0);
        // 24 hours at the last quote of every 5 minutes, and an axis that spans exactly those 24 hours.
        assertThat(Integer.parseInt(attribute("#price-chart", "data-points"))).isBetween(Seed.STEPS - 1, Seed.STEPS + 1);
        assertThat(Duration.between(Instant.parse(attribute("#price-chart", "data-from")),
                Instant.parse(attribute("#price-chart", "data-to")))).isEqualTo(Duration.ofHours(24));
        assertThat(browser.findElement(By.id("coin-title")).getText()).isEqualTo("BTC · Bitcoin");
        wait.until(b -> inkedPixels("#price-chart") > 2_000 && inkedPixels("#candle-chart") > 2_000);

        // Another coin is one click away, and the page refreshes by itself (every 2 s here).
        rows.get(1).click();
        wait.until(b -> browser.findElement(By.id("coin-title")).getText().equals("ETH · Ethereum"));
        int refreshes = Integer.parseInt(attribute("body", "data-refreshes"));
        wait.until(b -> Integer.parseInt(attribute("body", "data-refreshes")) > refreshes);
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    }

    /** A new coin: nothing to draw before its first poll, a visible point after it, a line after the second. */
    @Test
    @Order(2)
    void drawsACoinsFirstPollAsAPoint_andItsSecondJoinsIt_andThePanelShowsLoadLagDeadLettersAndAlerts() throws IOException {
        browser.get(root + "?refresh=2#NEWC");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(b -> Integer.parseInt(attribute("body", "data-refreshes")) > 0);
        assertThat(attribute("#price-chart", "data-points")).isEqualTo("0");
        assertThat(Duration.between(Instant.parse(attribute("#price-chart", "data-from")),
                Instant.parse(attribute("#price-chart", "data-to")))).isEqualTo(Duration.ofHours(1));
        assertThat(linePixels()).isZero();

        // After the seed's own latest quotes (fetched at the anchor), so that these polls are the newest.
        Instant first = later(Times.millis(Instant.now()).minusSeconds(20), anchor.plusSeconds(1));
        String firstKey = poll(first, 0, "1.2345");
        wait.until(b -> attribute("#price-chart", "data-points").equals("1"));
        wait.until(b -> linePixels() > 20);

        Instant second = first.plusSeconds(10);
        String secondKey = poll(second, 1, "1.2461");
        wait.until(b -> Integer.parseInt(attribute("#price-chart", "data-points")) >= 2);

        String quarantined = S3BatchKey.quarantineKey(firstKey);
        LocalCloud.shared().s3Client().putObject(o -> o.bucket(TABLE).key(quarantined), RequestBody.fromString(
                "{\"line\":1,\"reason\":\"priceUsd: must be greater than 0\",\"input\":\"{}\"}\n"
                        + "{\"line\":2,\"reason\":\"not JSON\",\"input\":\"x\"}\n"));
        // What the stages record in the lake for the panel, in the shapes of docs/design.md ("Pipeline records"):
        // the poller after the poll, the loader after the load, the consumer's lag and dead letters, an alert.
        S3Client s3 = LocalCloud.shared().s3Client();
        Instant polled = second.plusMillis(300);
        Instant loaded = second.plusSeconds(2);
        put(s3, "status/poller.json", "{\"pollId\":\"poll-" + Times.format(second) + "\",\"outcome\":\"published\","
                + "\"provider\":\"simulated\",\"quotes\":1,\"skipped\":0,\"polledAt\":\"" + Times.format(polled) + "\","
                + "\"failovers\":[{\"provider\":\"coinpaprika\",\"reason\":\"coinpaprika answered HTTP 503 three times\"}]}");
        put(s3, "status/loader.json", "{\"key\":\"" + secondKey + "\",\"loadedAt\":\"" + Times.format(loaded)
                + "\",\"lines\":1,\"items\":1,\"quarantined\":0}");
        put(s3, "status/consumer/quotepipe-consumer/crypto-quotes-0.json", "{\"group\":\"quotepipe-consumer\","
                + "\"topic\":\"crypto-quotes\",\"partition\":0,\"lag\":42,\"measuredAt\":\"" + Times.format(loaded) + "\"}");
        for (long offset : new long[] {7, 9}) {
            put(s3, String.format("dead-letters/crypto-quotes-0-%019d.json", offset), "{\"topic\":\"crypto-quotes\","
                    + "\"partition\":0,\"offset\":" + offset + ",\"kind\":\"not-json\",\"reason\":\"not JSON\"}");
        }
        new RecordedAlertSink(alert -> { }, (key, json) -> put(s3, key, json)).deliver(new Alert("poller",
                "provider-failover", "poll got its quotes from simulated after coinpaprika failed", Map.of(), polled, 0));

        String secondFile = secondKey.substring(secondKey.lastIndexOf('/') + 1);
        wait.until(b -> text("#pipe-last-load").contains(secondFile) && text("#pipe-quarantine").contains("2 lines in 1 object")
                && text("#pipe-consumer-lag").contains("42 records"));
        assertThat(text("#pipe-last-load")).contains(Times.format(loaded).substring(11, 19) + " UTC · 1 line");
        assertThat(text("#pipe-last-poll")).contains(Times.format(polled).substring(11, 19), "simulated", "1 quote",
                "failed over from coinpaprika");
        assertThat(text("#pipe-last-batch")).contains(secondFile + " · loaded");
        assertThat(text("#pipe-consumer-lag")).contains("1 partition");
        assertThat(text("#pipe-dead-letters .value")).isEqualTo("2");
        assertThat(text("#pipe-dead-letters .detail")).contains("crypto-quotes-0-0000000000000000009.json");
        assertThat(text("#pipe-alerts")).contains("poller: provider-failover");
        for (String stage : List.of("#pipe-last-poll", "#pipe-last-load", "#pipe-consumer-lag", "#pipe-dead-letters", "#pipe-alerts")) {
            assertThat(browser.findElement(By.cssSelector(stage + " .value")).getText()).as(stage).isNotEqualTo("not available");
        }
        assertThat(firstKey).isNotEqualTo(secondKey);
    }

    @Test
    @Order(3)
    void fitsTheTableInItsPanel_at800_1280And1920PixelsWide() {
        try {
            for (int width : new int[] {800, 1280, 1920}) {
                browser.manage().window().setSize(new Dimension(width, 1000));
                browser.get(root + "?refresh=2#BTC");
                new WebDriverWait(browser, PATIENCE).until(b -> b.findElements(By.cssSelector("#latest tbody tr")).size() >= Seed.COINS.size());
                Object fits = ((JavascriptExecutor) browser).executeScript("""
                        const table = document.getElementById('latest');
                        const panel = table.parentElement;
                        const inner = panel.clientWidth - parseFloat(getComputedStyle(panel).paddingLeft)
                            - parseFloat(getComputedStyle(panel).paddingRight);
                        return [table.scrollWidth, Math.ceil(inner), document.documentElement.scrollWidth, window.innerWidth];""");
                List<?> widths = (List<?>) fits;
                assertThat(((Number) widths.get(0)).intValue()).as("table at " + width + " px").isLessThanOrEqualTo(((Number) widths.get(1)).intValue());
                assertThat(((Number) widths.get(2)).intValue()).as("page at " + width + " px").isLessThanOrEqualTo(((Number) widths.get(3)).intValue());
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1400, 900));
        }
    }

    /** The screenshot of the README: BTC over 24 hours, its candles and volume, the pipeline panel. */
    @Test
    @Order(4)
    void leavesAScreenshot() throws IOException {
        browser.manage().window().setSize(new Dimension(1440, 1240));
        browser.get(root + "?refresh=2&window=24h#BTC");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(b -> Integer.parseInt(attribute("#price-chart", "data-points")) > 1
                && Integer.parseInt(attribute("#candle-chart", "data-volumes")) > 0
                && !text("#pipe-last-load").contains("—"));

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(shot).isNotEmptyFile();
        browser.manage().window().setSize(new Dimension(1400, 900));
    }

    /**
     * One poll of the coin NEWC at {@code at}: its batch object under quotes/ as the consumer names it, then its history
     * and LATEST items as the loader writes them, with that object's key as their {@code s3Key}. Returns the key.
     */
    private static String poll(Instant at, long offset, String price) {
        Quote quote = Quote.builder().source("simulated").symbol("NEWC").name("Newcoin").rank(60)
                .priceUsd(new BigDecimal(price)).volume24hUsd(new BigDecimal("1250000"))
                .marketCapUsd(new BigDecimal(price).multiply(new BigDecimal("100000000")))
                .change1hPct(new BigDecimal("0.52")).change24hPct(new BigDecimal("2.1")).change7dPct(new BigDecimal("-3.4"))
                .observedAt(at).fetchedAt(at.plusMillis(300)).pollId("poll-" + Times.format(at))
                .build();
        String key = new S3BatchKey("crypto-quotes", 0, offset, at.plusMillis(320), false).key();
        LocalCloud cloud = LocalCloud.shared();
        cloud.s3Client().putObject(o -> o.bucket(TABLE).key(key), RequestBody.fromString(QuoteJson.write(quote) + "\n"));
        Map<String, AttributeValue> history = new java.util.LinkedHashMap<>(Seed.historyItem(quote));
        history.put("s3Key", AttributeValue.fromS(key));
        Map<String, AttributeValue> latest = new java.util.LinkedHashMap<>(Seed.latestItem(quote));
        latest.put("s3Key", AttributeValue.fromS(key));
        Seed.write(cloud.dynamoDbClient(), TABLE, List.of(history, latest));
        return key;
    }

    private static void put(S3Client s3, String key, String json) {
        s3.putObject(o -> o.bucket(TABLE).key(key), RequestBody.fromString(json));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String text(String selector) {
        return browser.findElement(By.cssSelector(selector)).getText();
    }

    private static String attribute(String selector, String name) {
        String value = browser.findElement(By.cssSelector(selector)).getAttribute(name);
        return value == null ? "0" : value;
    }

    /** How many pixels of the chart's canvas are painted: a drawn chart has thousands, an empty canvas none. */
    private static long inkedPixels(String chart) {
        Object count = ((JavascriptExecutor) browser).executeScript("""
                const canvas = document.querySelector(arguments[0] + ' canvas');
                if (!canvas) { return 0; }
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let inked = 0;
                for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) { inked++; } }
                return inked;""", chart);
        return ((Number) count).longValue();
    }

    /** Pixels of the price chart in the line's colour: its points and segments, not the axes or the grid. */
    private static long linePixels() {
        Object count = ((JavascriptExecutor) browser).executeScript("""
                const canvas = document.querySelector('#price-chart canvas');
                if (!canvas) { return 0; }
                const [r, g, b] = arguments[0];
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 0; i < data.length; i += 4) {
                  if (data[i + 3] > 200 && Math.abs(data[i] - r) < 24 && Math.abs(data[i + 1] - g) < 24
                      && Math.abs(data[i + 2] - b) < 24) { n++; }
                }
                return n;""", List.of(LINE_RGB[0], LINE_RGB[1], LINE_RGB[2]));
        return ((Number) count).longValue();
    }
}
