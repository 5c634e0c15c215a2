package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
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
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rebound.dashboard.DashboardServer;

/**
 * The real dashboard page in headless Chromium (Debian's chromium and chromedriver, installed by
 * .ci/run; Selenium Manager is never asked, there is no network) while a scenario runs on the
 * real broker: state keeps arriving and the charts draw, a slider's change reaches the run and the
 * aggregates, text from the scenario file stays text, and the screenshot is not blank.
 */
@DisplayName("dashboard in a real browser (headless Chromium)")
class DashboardBrowserTest {

    static final Path SCREENSHOT = Path.of("target", "dashboard-screenshot.png");

    /**
     * Two data centres, two kinds, 240,000 requests a day arriving exactly (10,000 an hour),
     * periods of one hour: every period runs at exactly 240,000 a day until the slider moves.
     * Two simulated days at 2 h/s (about 24 s): the browser acts while it runs.
     */
    static final String TITLE = "Sliders <script>window.__xss = 1</script> in class";

    static final String IMG = "<img src=x onerror=\"window.__xss = 2\">";
    static final String SCENARIO = """
            name: browser
            title: "Sliders <script>window.__xss = 1</script> in class"
            narrative: |
              Watch the period table. <img src=x onerror="window.__xss = 2">
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 1h, speed: 2h/s, period: 1h}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67, daily_profile: solar}
              US-VA: {carbon_g_per_kwh: 323, water_l_per_kwh: 3.1}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 0.5}
              - {id: ashburn-1, region: US-VA, pue: 1.1, wue_l_per_kwh: 1.0, share: 0.5}
            kinds:
              text: {energy_wh: 0.3}
              image: {energy_wh: 3}
            workload: {requests_per_day: 240000, arrival: exact, mix: {text: 0.9, image: 0.1}}
            """;
    static final double REQUESTS_PER_DAY = 240_000;
    /** The requests-per-day slider is logarithmic: position 6 is 10^6 a day. */
    static final String SLIDER_POSITION = "6";

    static final long SLIDER_REQUESTS_PER_DAY = 1_000_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The executable named, on the PATH or in /usr/bin. */
    private static Optional<Path> executable(String name) {
        return Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Test
    @DisplayName(
            "loads, keeps updating (version, totals, uPlot charts), a slider's change is sent, noted and reaches the periods; scenario markup stays text; the screenshot is not blank")
    void browser() throws Exception {
        Optional<Path> chromium = executable("chromium");
        Optional<Path> chromedriver = executable("chromedriver");
        Assumptions.assumeTrue(
                chromium.isPresent() && chromedriver.isPresent(),
                "needs Debian's chromium and chromium-driver (chromium, chromedriver on the PATH; .ci/run installs them): found chromium="
                        + chromium.map(Path::toString).orElse("none") + ", chromedriver="
                        + chromedriver.map(Path::toString).orElse("none"));

        RunningScenario running = RunningScenario.start("browser", SCENARIO);
        String run = running.run.get();
        WebDriver browser = null;
        try (DashboardServer server = DashboardServer.start(running.clients, () -> run, DashboardServer.LOCALHOST, 0)) {
            HttpClient http = HttpClient.newHttpClient();
            String index = http.send(
                            HttpRequest.newBuilder(URI.create(server.url())).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            long scriptsInPage = Pattern.compile("<script\\b", Pattern.CASE_INSENSITIVE)
                    .matcher(index)
                    .results()
                    .count();
            assertThat(scriptsInPage).as("script elements in index.html").isGreaterThanOrEqualTo(2);

            browser = chrome(chromium.get(), chromedriver.get());
            JavascriptExecutor js = (JavascriptExecutor) browser;
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            // the room's address: the run, no control
            browser.get(server.url());
            wait.until(d -> d.findElement(By.id("title")).getText().equals(TITLE)
                    && !d.findElement(By.id("requests")).getText().equals("–"));
            assertThat(browser.findElement(By.id("controls-box")).isDisplayed())
                    .as("controls on the room's page")
                    .isFalse();
            assertThat(browser.findElements(By.cssSelector("#controls input")))
                    .as("sliders on the room's page")
                    .isEmpty();
            // the facilitator's address (?key=…): the same page with the sliders
            browser.get(server.facilitatorUrl());

            // the run's state arrives, and keeps arriving: version and total requests move
            wait.until(d -> d.findElement(By.id("title")).getText().equals(TITLE)
                    && !d.findElement(By.id("requests")).getText().equals("–"));
            String firstRequests = browser.findElement(By.id("requests")).getText();
            long firstVersion = version(browser);
            wait.until(d -> version(d) > firstVersion
                    && !d.findElement(By.id("requests")).getText().equals(firstRequests));
            long secondVersion = version(browser);
            wait.until(d -> version(d) > secondVersion);
            // the charts are uPlot's, drawn in canvases
            for (String chart : List.of("chart-daily", "chart-kind", "chart-datacentre", "chart-rebound")) {
                // read in one script: the page may redraw a chart between two WebDriver calls
                Object width = js.executeScript(
                        "const c = document.querySelector(arguments[0]); return c ? c.getBoundingClientRect().width : -1;",
                        "#" + chart + " .uplot canvas");
                assertThat(((Number) width).doubleValue())
                        .as(chart + " uPlot canvas width")
                        .isGreaterThan(100);
            }
            // the totals show the likely range beside the bounds; the daily chart draws both bands (low, central, high,
            // p5, p95)
            assertThat(browser.findElement(By.id("co2e-range")).getText())
                    .matches("likely \\S+ – \\S+ · bounds \\S+ – \\S+ kg");
            assertThat(texts(browser, "#chart-daily .u-legend .u-series th"))
                    .as("daily legend")
                    .hasSize(6)
                    .anySatisfy(t -> assertThat(t).contains("p5"))
                    .anySatisfy(t -> assertThat(t).contains("p95"));
            wait.until(d -> texts(d, "#chart-kind .u-legend .u-series").size() == 3);
            assertThat(texts(browser, "#chart-kind .u-legend .u-series th"))
                    .as("kind legend: x + image + text")
                    .hasSize(3)
                    .anySatisfy(t -> assertThat(t).contains("text"))
                    .anySatisfy(t -> assertThat(t).contains("image"));

            // text from the scenario file is shown as text: no element made of it, no script run
            assertThat(browser.findElement(By.id("title")).getText()).isEqualTo(TITLE);
            assertThat(js.executeScript("return document.getElementById('narrative').textContent"))
                    .isEqualTo("Watch the period table. " + IMG + "\n");
            assertThat(js.executeScript("return typeof window.__xss"))
                    .as("window.__xss set by the scenario's markup")
                    .isEqualTo("undefined");
            assertThat(js.executeScript("return document.querySelectorAll('script').length"))
                    .as("script elements in the live page")
                    .isEqualTo(scriptsInPage);
            assertThat(js.executeScript(
                            "return document.querySelectorAll('#title *, #narrative *, #narrative-box img').length"))
                    .isEqualTo(0L);
            assertThat(js.executeScript("return document.querySelectorAll('img').length"))
                    .isEqualTo(0L);

            // the room moves the requests-per-day slider up; the page sends it on `change`
            WebElement slider = browser.findElement(
                    By.cssSelector("#controls input[type=range][data-path='workload.requests_per_day']"));
            assertThat(Double.parseDouble(slider.getDomProperty("value")))
                    .as("slider at log10(240,000)")
                    .isCloseTo(Math.log10(REQUESTS_PER_DAY), within(0.05));
            assertThat(running.simulated.get())
                    .as("the run is still going when the slider moves")
                    .isBefore(RunningScenario.END.minus(Duration.ofHours(4)));
            Instant movedAfter = running.simulated.get();
            js.executeScript(
                    "arguments[0].value = arguments[1];"
                            + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                            + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                    slider,
                    SLIDER_POSITION);
            String note = "slider: workload.requests_per_day = " + SLIDER_REQUESTS_PER_DAY;
            wait.until(d -> d.findElement(By.id("control-result")).getText().startsWith("sent"));
            assertThat(browser.findElement(By.id("control-result")).getText())
                    .contains("workload.requests_per_day = " + SLIDER_REQUESTS_PER_DAY);
            wait.until(d -> texts(d, "#changes li").stream().anyMatch(li -> li.contains(note)));
            assertThat(texts(browser, "#changes li")).hasSize(1);

            // the run itself applied it, from a tick after it was sent...
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (running.changes.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(running.changes).as("changes applied by the run").hasSize(1);
            assertThat(running.changes.get(0).note()).isEqualTo(note);
            assertThat(running.changes.get(0).set())
                    .containsEntry("workload.requests_per_day", Long.toString(SLIDER_REQUESTS_PER_DAY));
            Instant effective = running.changes.get(0).effectiveAt();
            assertThat(effective).isAfterOrEqualTo(movedAfter);

            // ...and the aggregates show it: 240,000 a day before, about 1,000,000 a day from then on
            JsonNode state = null;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                state = JSON.readTree(http.send(
                                HttpRequest.newBuilder(URI.create(server.url() + "api/state"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                if (state.path("periods").findValuesAsText("start").stream()
                        .anyMatch(s -> !Instant.parse(s).isBefore(effective))) {
                    break;
                }
                Thread.sleep(100);
            }
            int after = 0;
            for (JsonNode period : state.get("periods")) {
                double perDay = period.get("requests_per_day").asDouble();
                if (Instant.parse(period.get("start").asText()).isBefore(effective)) {
                    assertThat(perDay)
                            .as("period " + period.get("start").asText())
                            .isEqualTo(REQUESTS_PER_DAY);
                } else {
                    after++;
                    // exact arrival rounds each hour's 41,666.7 requests to whole requests per stream
                    assertThat(perDay)
                            .as("period " + period.get("start").asText())
                            .isCloseTo(SLIDER_REQUESTS_PER_DAY, within(0.001 * SLIDER_REQUESTS_PER_DAY));
                }
            }
            assertThat(after).as("periods from the change on, in /api/state").isGreaterThanOrEqualTo(1);
            // the page's period table shows it too: first row 240k a day, last row about 1.00M
            wait.until(d -> {
                List<String> shown = texts(d, "#periods tbody tr td:nth-child(2)");
                return shown.size() >= 2 && parse(shown.get(shown.size() - 1)) > 0.99 * SLIDER_REQUESTS_PER_DAY;
            });
            List<String> shown = texts(browser, "#periods tbody tr td:nth-child(2)");
            assertThat(parse(shown.get(0))).isEqualTo(REQUESTS_PER_DAY);
            assertThat(parse(shown.get(shown.size() - 1)))
                    .isCloseTo(SLIDER_REQUESTS_PER_DAY, within(0.01 * SLIDER_REQUESTS_PER_DAY));
            // the waterfall of the change since the first period: two totals and four steps, and the sentence that
            // reads it
            wait.until(d -> d.findElements(By.cssSelector("#chart-change rect")).size() == 6);
            assertThat(browser.findElement(By.id("change-sentence")).getText())
                    .contains("From the period starting", "growth in demand", "rebound");

            // nothing went wrong in the page's scripts
            List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .filter(m -> !m.contains("favicon.ico"))
                    .toList();
            assertThat(errors).as("errors in the browser console").isEmpty();

            // a screenshot for people, checked not blank: charts drawn, page not one colour
            js.executeScript("window.scrollTo(0, 0)");
            byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, png);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotBlank(image);
            @SuppressWarnings("unchecked")
            List<Number> box = (List<Number>) js.executeScript(
                    "const r = document.querySelector('#chart-kind .uplot canvas').getBoundingClientRect();"
                            + "return [r.left, r.top, r.width, r.height].map(Math.floor);");
            int x = box.get(0).intValue();
            int y = box.get(1).intValue();
            int w = box.get(2).intValue();
            int h = box.get(3).intValue();
            assertThat(image.getHeight())
                    .as("screenshot height covers the kind chart")
                    .isGreaterThanOrEqualTo(y + h);
            assertThat(significantColours(image.getSubimage(x, y, w, h), 0.01))
                    .as("colours covering at least 1 % of the kind chart (background, stacked areas)")
                    .isGreaterThanOrEqualTo(3);
        } finally {
            if (browser != null) {
                browser.quit();
            }
            JsonNode summary = running.finish();
            assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        }
    }

    private static WebDriver chrome(Path chromium, Path chromedriver) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,2200");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver named here, so Selenium Manager is never run (it would go to the network)
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** The text of every element matching, read in one script (the page re-renders lists wholesale). */
    @SuppressWarnings("unchecked")
    private static List<String> texts(WebDriver driver, String selector) {
        return (List<String>) ((JavascriptExecutor) driver)
                .executeScript(
                        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);",
                        selector);
    }

    private static long version(WebDriver driver) {
        String version = driver.findElement(By.tagName("body")).getDomAttribute("data-version");
        return version == null ? -1 : Long.parseLong(version);
    }

    /** "240k", "1.00M", "950" as the page writes them, back to a number. */
    static double parse(String shown) {
        Matcher m = Pattern.compile("(-?[0-9.]+)([kMGTP]?)").matcher(shown.strip());
        assertThat(m.matches()).as("number as shown: '" + shown + "'").isTrue();
        String suffix = m.group(2);
        return Double.parseDouble(m.group(1)) * (suffix.isEmpty() ? 1 : Math.pow(1000, "kMGTP".indexOf(suffix) + 1));
    }

    /** Not all white, not one colour: at least 3 colours covering 0.5 % each, and at least 3 % of pixels not white. */
    static void assertNotBlank(BufferedImage image) {
        assertThat(image.getWidth()).isGreaterThan(600);
        long white = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF) {
                    white++;
                }
            }
        }
        double inked = 1 - white / ((double) image.getWidth() * image.getHeight());
        assertThat(inked).as("share of non-white pixels").isGreaterThan(0.03);
        assertThat(significantColours(image, 0.005))
                .as("colours covering at least 0.5 % of the screenshot")
                .isGreaterThanOrEqualTo(3);
    }

    /** How many distinct colours each cover at least {@code share} of the image. */
    static long significantColours(BufferedImage image, double share) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                counts.merge(image.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
            }
        }
        double minimum = share * image.getWidth() * image.getHeight();
        return counts.values().stream().filter(c -> c >= minimum).count();
    }
}
