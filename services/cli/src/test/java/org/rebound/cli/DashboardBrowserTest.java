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
     * Two simulated days at 1 h/s (about 48 s): the browser acts while it runs, with room to spare on a
     * loaded 2-core machine (at 2 h/s the run could end before the slider moved).
     */
    static final String TITLE = "Sliders <script>window.__xss = 1</script> in class";

    static final String IMG = "<img src=x onerror=\"window.__xss = 2\">";
    static final String SCENARIO = """
            name: browser
            title: "Sliders <script>window.__xss = 1</script> in class"
            narrative: |
              Watch the period table. <img src=x onerror="window.__xss = 2">
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 1h, speed: 1h/s, period: 1h}
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

        // the browser starts before the run: on a loaded machine its start would eat the run's time
        WebDriver browser = chrome(chromium.get(), chromedriver.get());
        RunningScenario running;
        try {
            running = RunningScenario.start("browser", SCENARIO);
        } catch (Exception | Error e) {
            browser.quit();
            throw e;
        }
        String run = running.run.get();
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
            assertThat(browser.findElements(By.cssSelector("button.reveal")))
                    .as("hide/reveal toggles on the room's page")
                    .isEmpty();
            // the facilitator's address (?key=…): the same page with the sliders
            browser.get(server.facilitatorUrl());

            // the run's state arrives, and keeps arriving: version and total requests move
            wait.until(d -> d.findElement(By.id("title")).getText().equals(TITLE)
                    && !d.findElement(By.id("requests")).getText().equals("–"));
            String firstRequests = browser.findElement(By.id("requests")).getText();
            long firstVersion = version(browser);
            WebDriver page = browser;
            // on a timeout, say where the page and the run were (a loaded machine slows the run, not the page)
            wait.withMessage(() -> "page at version " + version(page) + " showing " + texts(page, "#requests")
                    + " requests; the run's simulated time " + running.simulated.get());
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
                    .matches("likely \\S+ – \\S+ · bounds \\S+ – \\S+[\\s\u00a0\u202f]+(k?g|k?t|Mt) CO₂e");
            assertThat(texts(browser, "#daily-legend li"))
                    .as("daily legend")
                    .containsExactly("central value", "likely range (p5–p95)", "low–high bounds");
            assertThat(((Number) js.executeScript("return dailyChart.series.length")).intValue())
                    .as("daily chart series: x, low, central, high, p5, p95")
                    .isEqualTo(6);
            wait.until(d -> texts(d, "#chart-kind .u-legend .u-series th").size() >= 2);
            assertThat(texts(browser, "#chart-kind .u-legend .u-series th"))
                    .as("kind legend: image + text")
                    .anySatisfy(t -> assertThat(t).contains("text"))
                    .anySatisfy(t -> assertThat(t).contains("image"));
            assertThat(texts(browser, ".u-legend"))
                    .as("legends show names, not a value placeholder")
                    .noneSatisfy(t -> assertThat(t).contains("–"));

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
                List<Double> shown = values(d, "#periods tbody tr td:nth-child(2)");
                return shown.size() >= 2 && shown.get(shown.size() - 1) > 0.99 * SLIDER_REQUESTS_PER_DAY;
            });
            List<Double> shown = values(browser, "#periods tbody tr td:nth-child(2)");
            assertThat(texts(browser, "#periods tbody tr td:nth-child(2)").get(0))
                    .as("240,000 a day as shown")
                    .isEqualTo("240k");
            assertThat(shown.get(0)).isEqualTo(REQUESTS_PER_DAY);
            assertThat(shown.get(shown.size() - 1))
                    .isCloseTo(SLIDER_REQUESTS_PER_DAY, within(0.01 * SLIDER_REQUESTS_PER_DAY));
            // the waterfall of the change since the first period: two totals and four steps, and the sentence that
            // reads it
            wait.until(d -> d.findElements(By.cssSelector("#chart-change rect")).size() == 6);
            assertThat(browser.findElement(By.id("change-sentence")).getText())
                    .contains("From the period starting", "growth in demand", "rebound");

            // nothing went wrong in the page's scripts
            assertThat(consoleErrors(browser))
                    .as("errors in the browser console")
                    .isEmpty();

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

            // presentation: at 1280×720 the first screen holds the big numbers, the reading, the main chart and
            // the sliders beside it
            viewport(browser, 1280, 720);
            assertFirstScreen(browser, true, "facilitator, English");
            assertThat(js.executeScript("return document.documentElement.lang")).isEqualTo("en");
            assertThat(bodyText(browser))
                    .contains("Facility energy", "Change the world (live)")
                    .doesNotContain("Énergie du site");

            // predict, then reveal: the facilitator hides a figure (it stays hidden when the state is drawn again),
            // the room guesses, one click shows it
            String energyShown = browser.findElement(By.id("energy")).getText();
            assertThat(energyShown).matches("[0-9.,]+[\\s\u00a0]+\\S*Wh");
            browser.findElement(By.cssSelector("button.reveal[data-figure='energy']"))
                    .click();
            assertThat(browser.findElement(By.id("energy")).getText()).isEqualTo("?");
            assertThat(browser.findElement(By.id("energy-range")).getText()).isBlank();
            js.executeScript("render(lastState)");
            assertThat(browser.findElement(By.id("energy")).getText())
                    .as("hidden after a redraw")
                    .isEqualTo("?");
            assertThat(browser.findElement(By.cssSelector("button.reveal[data-figure='energy']"))
                            .getText())
                    .isEqualTo("Reveal");
            browser.findElement(By.cssSelector("button.reveal[data-figure='energy']"))
                    .click();
            assertThat(browser.findElement(By.id("energy")).getText()).matches("[0-9.,]+[\\s\u00a0]+\\S*Wh");
            String reading = browser.findElement(By.id("reading")).getText();
            assertThat(reading).startsWith("Rebound effect");
            browser.findElement(By.cssSelector("button.reveal[data-figure='reading']"))
                    .click();
            assertThat(browser.findElement(By.id("reading")).getText()).isEqualTo("Rebound effect: ?");
            browser.findElement(By.cssSelector("button.reveal[data-figure='reading']"))
                    .click();
            assertThat(browser.findElement(By.id("reading")).getText()).isNotEqualTo("Rebound effect: ?");

            // share: a link with the scenario and the live change applied, never the facilitator's key, and the
            // command that runs it again
            browser.findElement(By.id("share-button")).click();
            assertThat(browser.findElement(By.id("share-box")).isDisplayed()).isTrue();
            String shared = browser.findElement(By.id("share-link")).getDomProperty("href");
            String applied = "workload.requests_per_day=" + SLIDER_REQUESTS_PER_DAY;
            assertThat(query(shared, "scenario")).containsExactly("browser");
            assertThat(query(shared, "set")).containsExactly(applied);
            assertThat(shared)
                    .doesNotContain("key=")
                    .doesNotContain(server.facilitatorUrl().replaceAll(".*key=", ""));
            assertThat(browser.findElement(By.id("share-command")).getText())
                    .isEqualTo("./rebound run scenarios/browser.yaml --dashboard --set " + applied);
            assertThat(browser.findElement(By.id("share-timeline")).getText())
                    .contains("timeline:", "set: {workload.requests_per_day: " + SLIDER_REQUESTS_PER_DAY + "}");
            // a participant reopens it: the page says what it describes and how to run it
            browser.get(shared);
            wait.until(d -> d.findElement(By.id("replay")).isDisplayed());
            assertThat(browser.findElement(By.id("replay-text")).getText())
                    .contains("“browser”", "workload.requests_per_day = " + SLIDER_REQUESTS_PER_DAY);
            assertThat(browser.findElement(By.id("replay-command")).getText())
                    .isEqualTo("./rebound run scenarios/browser.yaml --dashboard --set " + applied);

            // French: the switch translates the page, and the choice stays for the next visit
            browser.get(server.facilitatorUrl());
            wait.until(d -> !d.findElements(By.cssSelector("#controls input")).isEmpty());
            browser.findElement(By.cssSelector("button[data-lang='fr']")).click();
            wait.until(d -> "fr".equals(((JavascriptExecutor) d).executeScript("return document.documentElement.lang"))
                    && d.findElement(By.id("reading")).getText().startsWith("Effet rebond"));
            assertFrench(browser);
            assertFirstScreen(browser, true, "facilitator, French");
            browser.get(server.facilitatorUrl());
            wait.until(d -> d.findElement(By.id("reading")).getText().startsWith("Effet rebond"));
            assertThat(js.executeScript("return document.documentElement.lang"))
                    .as("the switch's choice, remembered")
                    .isEqualTo("fr");
            browser.get(server.facilitatorUrl() + "&lang=en");
            wait.until(d -> d.findElement(By.id("reading")).getText().startsWith("Rebound effect"));
            assertThat(bodyText(browser)).contains("Facility energy").doesNotContain("Énergie du site");

            // the text comes from /messages.json: ?lang=, else the browser's Accept-Language
            assertThat(messagesLang(http, server.url() + "messages.json", "fr-FR,fr;q=0.9,en;q=0.8"))
                    .isEqualTo("fr");
            assertThat(messagesLang(http, server.url() + "messages.json", null)).isEqualTo("en");
            assertThat(messagesLang(http, server.url() + "messages.json?lang=fr", "en-GB"))
                    .isEqualTo("fr");
            assertThat(consoleErrors(browser))
                    .as("errors in the browser console (reveal, share, languages)")
                    .isEmpty();
            browser.quit();
            browser = null;

            // a French browser (Accept-Language fr) on the room's page: French from the start, one screen
            browser = chrome(chromium.get(), chromedriver.get(), "fr-FR,fr");
            browser.get(server.url());
            WebDriver french = browser;
            new WebDriverWait(browser, Duration.ofSeconds(20))
                    .until(d -> d.findElement(By.id("reading")).getText().startsWith("Effet rebond"));
            viewport(browser, 1280, 720);
            assertFrench(browser);
            assertFirstScreen(browser, false, "room, French");
            assertThat(french.findElements(By.cssSelector("button.reveal"))).isEmpty();
            assertThat(consoleErrors(browser))
                    .as("errors in the French browser's console")
                    .isEmpty();
        } finally {
            if (browser != null) {
                browser.quit();
            }
            JsonNode summary = running.finish();
            assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        }
    }

    @Test
    @DisplayName(
            "a room's page at 1280×720: the teams' table on the first screen in English and French; the facilitator hides "
                    + "a figure and a team's page follows; a team's key shows its sliders and no hide/reveal")
    void room() throws Exception {
        Optional<Path> chromium = executable("chromium");
        Optional<Path> chromedriver = executable("chromedriver");
        Assumptions.assumeTrue(
                chromium.isPresent() && chromedriver.isPresent(),
                "needs Debian's chromium and chromium-driver (chromium, chromedriver on the PATH)");
        WebDriver browser = chrome(chromium.get(), chromedriver.get());
        RunningScenario running;
        try {
            running = RunningScenario.start("browser-room", SCENARIO.replace("name: browser", "name: browser-room"));
        } catch (Exception | Error e) {
            browser.quit();
            throw e;
        }
        String run = running.run.get();
        try (DashboardServer room = DashboardServer.startRoom(
                running.clients,
                List.of(run, "absent-team@20000101T000000.000Z", "absent-team@20000101T000000.001Z"),
                Map.of("co2e_kg", 1e9),
                DashboardServer.LOCALHOST,
                0,
                null)) {
            JavascriptExecutor js = (JavascriptExecutor) browser;
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            // the room's page: every team, read-only, the table on the first screen
            browser.get(room.url());
            viewport(browser, 1280, 720);
            wait.until(d -> texts(d, "#room tbody tr").size() == 3
                    && !texts(d, "#room tbody tr:first-child td:nth-child(2)")
                            .get(0)
                            .equals("0"));
            assertRoomScreen(browser, "room, English");
            assertThat(browser.findElement(By.cssSelector(".kicker")).getText()).isEqualTo("REBOUND · ROOM");
            assertThat(texts(browser, "#room tbody td:first-child")).containsExactly("Team 1", "Team 2", "Team 3");
            assertThat(texts(browser, "#room thead th"))
                    .containsExactly(
                            "team",
                            "requests",
                            "facility energy",
                            "CO₂e",
                            "water consumed",
                            "rebound effect",
                            "targets");
            assertThat(texts(browser, "#room td.target")).containsOnly("under every target");
            assertThat(browser.findElement(By.id("room-note")).getText()).startsWith("Targets: CO₂e ≤ ");
            assertThat(browser.findElement(By.cssSelector(".totals")).isDisplayed())
                    .as("one team's totals on the room's page")
                    .isFalse();
            assertThat(browser.findElements(By.cssSelector("button.reveal"))).isEmpty();

            // the facilitator's page: hide/reveal in the table's headings; what it hides, the teams' pages hide too
            browser.get(room.facilitatorUrl());
            wait.until(d -> texts(d, "#room tbody tr").size() == 3
                    && d.findElements(By.cssSelector("#room th button.reveal")).size() == 5);
            browser.findElement(By.cssSelector("#room th[data-figure='energy'] button.reveal"))
                    .click();
            assertThat(texts(browser, "#room tbody td:nth-child(3)")).containsOnly("?");
            wait.until(d -> {
                try {
                    return JSON.readTree(HttpClient.newHttpClient()
                                    .send(
                                            HttpRequest.newBuilder(URI.create(room.url() + "api/state"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body())
                            .path("reveal")
                            .path("hidden")
                            .toString()
                            .equals("[\"energy\"]");
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(consoleErrors(browser))
                    .as("errors on the facilitator's page")
                    .isEmpty();
            browser.get(room.teamPageUrl(1));
            wait.until(d -> d.findElement(By.id("title")).getText().equals("Team 1 · " + TITLE)
                    && d.findElement(By.id("energy")).getText().equals("?")
                    && !d.findElement(By.id("requests")).getText().equals("–"));
            assertThat(texts(browser, "#room tbody td:nth-child(3)")).containsOnly("?");
            assertThat(browser.findElement(By.cssSelector(".kicker")).getText()).isEqualTo("REBOUND · TEAM 1");
            assertThat(browser.findElements(By.cssSelector("#controls input"))).isEmpty();

            // team 1's own address: its sliders, no hide/reveal, its row marked in the table below
            browser.get(room.teamUrl(1));
            wait.until(d -> d.findElements(By.cssSelector("#controls input")).size() == 6);
            assertThat(browser.findElements(By.cssSelector("button.reveal"))).isEmpty();
            assertThat(texts(browser, "#room tr.own td:first-child")).containsExactly("Team 1");
            assertThat(consoleErrors(browser)).as("errors on a team's page").isEmpty();
            browser.quit();
            browser = null;

            // French: the room's page in a French browser
            browser = chrome(chromium.get(), chromedriver.get(), "fr-FR,fr");
            browser.get(room.url());
            viewport(browser, 1280, 720);
            new WebDriverWait(browser, Duration.ofSeconds(20))
                    .until(d -> texts(d, "#room tbody tr").size() == 3
                            && "fr"
                                    .equals(((JavascriptExecutor) d)
                                            .executeScript("return document.documentElement.lang")));
            assertRoomScreen(browser, "room, French");
            assertThat(bodyText(browser))
                    .contains("Toutes les équipes côte à côte", "Équipe 1", "énergie du site", "effet rebond")
                    .doesNotContain("Every team", "Team 1", "under every target");
            assertThat(texts(browser, "#room td.target")).containsOnly("sous tous les objectifs");
            assertThat(texts(browser, "#room tbody td:nth-child(3)"))
                    .as("still hidden")
                    .containsOnly("?");
            assertThat(consoleErrors(browser))
                    .as("errors in the French room's page")
                    .isEmpty();
        } finally {
            if (browser != null) {
                browser.quit();
            }
            running.finish();
        }
    }

    /** The teams' table within the first 720 pixels, nothing sideways. */
    @SuppressWarnings("unchecked")
    private static void assertRoomScreen(WebDriver browser, String which) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.scrollTo(0, 0)");
        Map<String, Number> m = (Map<String, Number>)
                js.executeScript("const r = document.querySelector('#room-box').getBoundingClientRect();"
                        + "return {top: r.top, bottom: r.bottom, height: innerHeight,"
                        + " scrollWidth: document.documentElement.scrollWidth};");
        assertThat(m.get("height").intValue()).as(which + ": viewport height").isEqualTo(720);
        assertThat(m.get("top").doubleValue()).as(which + ": top of the table").isBetween(1.0, 300.0);
        assertThat(m.get("bottom").doubleValue())
                .as(which + ": bottom of the table")
                .isBetween(1.0, 720.0);
        assertThat(m.get("scrollWidth").intValue())
                .as(which + ": no sideways scroll")
                .isLessThanOrEqualTo(1280);
        assertThat(browser.findElement(By.id("room")).isDisplayed()).isTrue();
    }

    private static WebDriver chrome(Path chromium, Path chromedriver) {
        return chrome(chromium, chromedriver, "en-GB,en");
    }

    /** @param acceptLanguage the browser's languages (its Accept-Language header) */
    private static WebDriver chrome(Path chromium, Path chromedriver, String acceptLanguage) {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
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

    /** Sizes the window so that the page itself (the viewport) is width × height. */
    private static void viewport(WebDriver browser, int width, int height) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        org.openqa.selenium.Dimension window = browser.manage().window().getSize();
        long innerWidth = ((Number) js.executeScript("return window.innerWidth")).longValue();
        long innerHeight = ((Number) js.executeScript("return window.innerHeight")).longValue();
        browser.manage()
                .window()
                .setSize(new org.openqa.selenium.Dimension((int) (width + window.getWidth() - innerWidth), (int)
                        (height + window.getHeight() - innerHeight)));
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> ((Number) js.executeScript("return window.innerHeight")).intValue() == height
                        && ((Number) js.executeScript("return window.innerWidth")).intValue() == width);
    }

    /**
     * The first screen (scrolled to the top, the viewport 720 high) holds the four big numbers, the reading,
     * the whole main chart with its legend and, on the facilitator's page, every slider (none scrolled away).
     * Waits for the page to redraw at the new size first (it redraws 150 ms after a resize).
     */
    @SuppressWarnings("unchecked")
    private static void assertFirstScreen(WebDriver browser, boolean facilitator, String which) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.scrollTo(0, 0)");
        String measure = "const b = (e) => e ? e.getBoundingClientRect().bottom : 1e9;"
                + "const q = (s) => document.querySelector(s);"
                + "const sliders = Array.from(document.querySelectorAll('#controls input'));"
                + "return {height: innerHeight, width: innerWidth, scrollWidth: document.documentElement.scrollWidth,"
                + " totals: b(q('.totals')), reading: b(q('#reading')), chart: b(q('#chart-daily .uplot')),"
                + " chartHeight: q('#chart-daily .uplot') ? q('#chart-daily .uplot').getBoundingClientRect().height : 0,"
                + " legend: b(q('#daily-legend')), controls: q('#controls-box').hidden ? -1 : b(q('#controls-box')),"
                + " sliders: sliders.length, lastSlider: Math.max(0, ...sliders.map(b))};";
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> {
            Map<String, Number> m = (Map<String, Number>) js.executeScript(measure);
            return m.get("legend").doubleValue() <= 720 && m.get("controls").doubleValue() <= 720;
        });
        Map<String, Number> m = (Map<String, Number>) js.executeScript(measure);
        assertThat(m.get("height").intValue()).as(which + ": viewport height").isEqualTo(720);
        assertThat(m.get("scrollWidth").intValue())
                .as(which + ": no sideways scroll")
                .isLessThanOrEqualTo(1280);
        for (String part : List.of("totals", "reading", "chart", "legend")) {
            assertThat(m.get(part).doubleValue())
                    .as(which + ": bottom of " + part)
                    .isBetween(1.0, 720.0);
        }
        assertThat(m.get("chartHeight").doubleValue())
                .as(which + ": main chart height")
                .isGreaterThan(250);
        if (facilitator) {
            assertThat(m.get("sliders").intValue()).as(which + ": sliders").isEqualTo(6);
            assertThat(m.get("controls").doubleValue())
                    .as(which + ": bottom of the sliders' box")
                    .isBetween(1.0, 720.0);
            assertThat(m.get("lastSlider").doubleValue())
                    .as(which + ": bottom of the last slider, inside its box")
                    .isBetween(1.0, m.get("controls").doubleValue());
        } else {
            assertThat(m.get("controls").intValue()).as(which + ": no sliders").isEqualTo(-1);
        }
    }

    /** French words, French numbers and dates, no English heading. */
    private static void assertFrench(WebDriver browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(js.executeScript("return document.documentElement.lang")).isEqualTo("fr");
        assertThat(bodyText(browser))
                .contains("Énergie du site", "Eau consommée", "Chronologie", "Centres de données")
                .doesNotContain("Facility energy", "Timeline", "Data centres", "backfire", "BACKFIRE");
        assertThat(browser.findElement(By.id("reading")).getText()).startsWith("Effet rebond");
        assertThat(browser.findElement(By.id("span")).getText()).as("dates").contains("1 janv. 2025");
        assertThat(texts(browser, "#equivalences li"))
                .as("everyday terms, in French")
                .anySatisfy(li -> assertThat(li).contains("recharges complètes de smartphone"));
        // 240 000 a day in French short form: "240 k" (a no-break space inside)
        assertThat(texts(browser, "#periods tbody tr td:nth-child(2)").get(0)).isEqualTo("240\u00a0k");
        assertThat(texts(browser, "#controls-box h2, #main-chart h2"))
                .allSatisfy(h -> assertThat(h).doesNotContain("Change the world", "per day"));
    }

    /** Errors logged in the page's console since the last call (a missing favicon is not one). */
    private static List<String> consoleErrors(WebDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("favicon.ico"))
                .toList();
    }

    private static String bodyText(WebDriver browser) {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.body.innerText");
    }

    /** The values of one parameter of a URL's query, decoded. */
    private static List<String> query(String url, String name) {
        return Stream.of(Optional.ofNullable(URI.create(url).getRawQuery())
                        .orElse("")
                        .split("&"))
                .filter(p -> p.startsWith(name + "="))
                .map(p -> java.net.URLDecoder.decode(
                        p.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
    }

    /** The language /messages.json answers in, for an Accept-Language header (none when null). */
    private static String messagesLang(HttpClient http, String url, String acceptLanguage) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("messages").size()).isGreaterThan(40);
        return body.get("lang").asText();
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

    /** The raw number behind each matching cell (its data-value; the text is formatted for the language). */
    @SuppressWarnings("unchecked")
    private static List<Double> values(WebDriver driver, String selector) {
        List<Object> raw = (List<Object>) ((JavascriptExecutor) driver)
                .executeScript(
                        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.dataset.value);",
                        selector);
        return raw.stream().map(v -> Double.parseDouble(String.valueOf(v))).toList();
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
