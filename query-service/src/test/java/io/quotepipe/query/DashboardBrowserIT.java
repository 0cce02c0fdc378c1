package io.quotepipe.query;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.query.testing.LocalCloudResource;
import io.quotepipe.query.testing.Seed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard in a real headless Chromium (Debian packages {@code chromium} and {@code chromium-driver}), served by
 * the app on 127.0.0.1 over the seeded table: it must list the coins and draw both charts. A screenshot is left at
 * {@code target/dashboard.png}.
 *
 * <p>Without Chromium the test fails and says what to install; {@code -Dquotepipe.browser.optional=true} turns that
 * into a skip, for a developer's machine only.
 */
@QuarkusTest
@WithTestResource(LocalCloudResource.class)
class DashboardBrowserIT {

    static final Path CHROMIUM = Path.of(System.getProperty("quotepipe.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("quotepipe.chromedriver", "/usr/bin/chromedriver"));
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static WebDriver browser;
    private static Path profile;

    @TestHTTPResource("/?refresh=2")
    URL dashboard;

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
                "--disable-dev-shm-usage", "--window-size=1400,900", "--user-data-dir=" + profile);
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
    void showsEveryCoinAndDrawsBothCharts_andRefreshesOnItsOwn() throws IOException {
        assertThat(dashboard.getHost()).isEqualTo("127.0.0.1");
        browser.get(dashboard.toString());
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);

        wait.until(b -> b.findElements(By.cssSelector("#latest tbody tr[data-symbol]")).size() == Seed.COINS.size());
        List<WebElement> rows = browser.findElements(By.cssSelector("#latest tbody tr[data-symbol]"));
        assertThat(rows).extracting(r -> r.getAttribute("data-symbol")).containsExactly("BTC", "ETH", "SOL", "PEPE");
        assertThat(rows.getLast().findElement(By.cssSelector(".price")).getText()).isEqualTo("0.000000012345");
        assertThat(rows.getFirst().findElement(By.cssSelector(".price")).getText()).isEqualTo("70,835.6");
        assertThat(rows.getFirst().findElement(By.cssSelector(".change24h")).getText()).matches("[+-]?\\d+\\.\\d\\d %");

        wait.until(b -> Integer.parseInt(attribute("#price-chart", "data-points")) > 0
                && Integer.parseInt(attribute("#candle-chart", "data-candles")) > 0);
        assertThat(Integer.parseInt(attribute("#price-chart", "data-points"))).isBetween(Seed.STEPS - 1, Seed.STEPS + 1);
        assertThat(browser.findElement(By.id("coin-title")).getText()).isEqualTo("BTC · Bitcoin");
        wait.until(b -> inkedPixels("#price-chart") > 2_000 && inkedPixels("#candle-chart") > 2_000);

        // Another coin is one click away, and the page refreshes by itself (every 2 s here).
        rows.get(1).click();
        wait.until(b -> browser.findElement(By.id("coin-title")).getText().equals("ETH · Ethereum"));
        int refreshes = Integer.parseInt(attribute("body", "data-refreshes"));
        wait.until(b -> Integer.parseInt(attribute("body", "data-refreshes")) > refreshes);
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(shot).isNotEmptyFile();
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
}
