package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.cli.dashboard.DashboardServer;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/**
 * The real dashboard page in headless Chromium (Debian's chromium and chromedriver, installed by
 * .ci/run) while a scenario runs on the real broker: charts update, a slider's change reaches the
 * aggregates, text from the scenario file stays text, and the screenshot is not blank.
 */
@DisplayName("dashboard in a real browser (headless Chromium)")
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Path.of("target", "dashboard-screenshot.png");

    static final String SCENARIO = """
            name: browser
            title: "Sliders <script>window.__xss = 1</script> in class"
            narrative: |
              Watch the period table. <img src=x onerror="window.__xss = 2">
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 1h, speed: 90m/s, period: 6h}
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

    @Test
    @DisplayName("loads, updates its charts, moves a slider whose change reaches the aggregates, escapes scenario text, screenshot not blank")
    void browser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "browser.yaml");
        AtomicReference<String> run = new AtomicReference<>();
        CompletableFuture<Summary> running;
        ChromeDriver browser = null;
        try (DashboardServer server = DashboardServer.start(clients, run::get, DashboardServer.LOCALHOST, 0)) {
            running = CompletableFuture.supplyAsync(() -> {
                try {
                    return ScenarioRun.execute(scenario, clients, ScenarioRun.Settings.defaults(), new ScenarioRun.Listener() {
                        @Override
                        public void started(String id, Scenario s) {
                            run.set(id);
                        }

                        @Override
                        public void progress(Instant until, long requests, long events, Totals aggregated, PeriodTotals period) {
                        }
                    }, System.nanoTime());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,2200");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            browser = new ChromeDriver(service, options);
            JavascriptExecutor js = browser;
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get(server.url());

            // the run's state arrives and keeps arriving: the totals and the charts change
            wait.until(d -> !d.findElement(By.id("requests")).getText().equals("–"));
            String firstRequests = browser.findElement(By.id("requests")).getText();
            long firstVersion = Long.parseLong(browser.findElement(By.tagName("body")).getAttribute("data-version"));
            wait.until(d -> Long.parseLong(d.findElement(By.tagName("body")).getAttribute("data-version")) > firstVersion
                    && !d.findElement(By.id("requests")).getText().equals(firstRequests));
            assertThat(browser.findElements(By.cssSelector("#chart-daily canvas"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#chart-kind canvas"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#chart-datacentre canvas"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#chart-rebound canvas"))).isNotEmpty();

            // text from the file is shown as text: no element made of it, no script run
            assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Sliders <script>window.__xss = 1</script> in class");
            assertThat(js.executeScript("return document.getElementById('narrative').textContent")).asString()
                    .contains("<img src=x onerror=\"window.__xss = 2\">");
            assertThat(js.executeScript("return typeof window.__xss")).isEqualTo("undefined");
            assertThat(browser.findElements(By.cssSelector("header script, header img, #narrative img"))).isEmpty();

            // a student quadruples the requests per day with the slider
            WebElement slider = browser.findElement(By.cssSelector("#controls input[data-path='workload.requests_per_day']"));
            js.executeScript("arguments[0].value = Math.log10(960000); arguments[0].dispatchEvent(new Event('input')); "
                    + "arguments[0].dispatchEvent(new Event('change'));", slider);
            wait.until(d -> d.findElement(By.id("control-result")).getText().startsWith("sent"));
            wait.until(d -> d.findElement(By.id("changes")).getText().contains("slider: workload.requests_per_day"));
            // ... and it reaches the aggregates: a later period runs at about four times the first's rate
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            double first = 0;
            double last = 0;
            while (System.nanoTime() < deadline) {
                JsonNode state = json.readTree(http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/state")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                JsonNode periods = state.get("periods");
                first = periods.get(0).get("requests_per_day").asDouble();
                last = periods.get(periods.size() - 1).get("requests_per_day").asDouble();
                if (last > 3.5 * first) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(first).isEqualTo(240000.0);
            assertThat(last).isGreaterThan(3.5 * first);
            // the page shows it too (formatted by the page's own fmt)
            String shown = (String) js.executeScript("return fmt(arguments[0])", last);
            wait.until(d -> d.findElement(By.id("periods")).getText().contains(shown));

            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.createDirectories(SCREENSHOT.getParent());
            Files.copy(shot.toPath(), SCREENSHOT, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertNotBlank(ImageIO.read(SCREENSHOT.toFile()));
            assertThat(running.get(120, TimeUnit.SECONDS).ledgerMatches()).isTrue();
        } finally {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    /** Many colours (charts, text), and a real share of the page that is not background. */
    static void assertNotBlank(BufferedImage image) {
        assertThat(image.getWidth()).isGreaterThan(600);
        Set<Integer> colours = new HashSet<>();
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    inked++;
                }
            }
        }
        double share = inked / ((image.getWidth() / 2.0) * (image.getHeight() / 2.0));
        assertThat(colours).as("distinct colours").hasSizeGreaterThan(50);
        assertThat(share).as("share of non-white pixels").isGreaterThan(0.03);
    }
}
