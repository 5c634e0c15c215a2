package org.rebound.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rebound.report.ReportFixtures.MALICIOUS_TITLE;
import static org.rebound.report.ReportFixtures.NARRATIVE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The HTML report of a hand-written summary (src/test/resources/report/summary-two-periods.json):
 * two daily periods, 1,000 then 2,000 requests at 2.0 then 1.5 Wh each; the counterfactual has 1,000 requests a day in both
 * (energy factor 0.75, induced demand 2), so RE = (3 − 1.5) / (2 − 1.5) = 3 (300 %, BACKFIRE), and the decomposition of
 * the +1 kWh a day is growth 0, mix 0, efficiency L(3, 2)·ln 0.75 = −0.71, rebound L(3, 2)·ln 2 = +1.71 (L(3, 2) = 1 / ln 1.5).
 * Expected strings below are worked out by hand from that file.
 */
@DisplayName("the HTML report")
class ReportWriterHtmlTest {

    @TempDir
    Path dir;

    private String html;
    private Document dom;

    @BeforeEach
    void write() throws Exception {
        Path file = dir.resolve("out/report.html");
        ReportWriter.writeHtml(ReportFixtures.twoPeriods(), MALICIOUS_TITLE, NARRATIVE, file);
        html = Files.readString(file, StandardCharsets.UTF_8);
        dom = parse(html);
    }

    @Test
    @DisplayName("opens offline: no network reference, no script, no external resource")
    void selfContained() throws Exception {
        assertThat(html.toLowerCase())
                .doesNotContain(
                        "http://",
                        "https://",
                        "<script",
                        "<link",
                        "<img",
                        "<iframe",
                        "<object",
                        "@import",
                        "url(",
                        " src=\"",
                        "//cdn");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<svg ");
        assertThat(texts("//@href"))
                .isNotEmpty()
                .allSatisfy(href -> assertThat(href).startsWith("#"));
    }

    @Test
    @DisplayName("is well-formed (XHTML-compatible markup), so every tag is closed")
    void wellFormed() {
        assertThat(dom.getDocumentElement().getTagName()).isEqualTo("html");
    }

    @Test
    @DisplayName("shows the malicious title escaped, as text")
    void escapesTheTitle() throws Exception {
        String escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Jevons&quot;";
        assertThat(html)
                .contains("<h1>" + escaped + "</h1>")
                .contains("<title>" + escaped + " · Rebound run report</title>");
        assertThat(text("//h1")).isEqualTo(MALICIOUS_TITLE);
        assertThat(html)
                .contains("grains of &lt;b&gt;sand&lt;/b&gt;")
                .contains("a source with &lt;i&gt;markup&lt;/i&gt;");
    }

    @Test
    @DisplayName("renders the narrative's paragraphs, line breaks and list, escaping its markup")
    void narrative() throws Exception {
        assertThat(html)
                .contains("<p>First paragraph, line one<br/>\nline two of the <strong>same</strong> paragraph.</p>");
        assertThat(html).contains("Second paragraph with &lt;img src=x onerror=alert(1)&gt; and <code>code</code>.");
        assertThat(count("//section[@id='narrative']//li")).isEqualTo(2);
    }

    @Test
    @DisplayName("has every section heading")
    void headings() throws Exception {
        assertThat(texts("//h2"))
                .containsExactly(
                        "Facilitator's notes",
                        "Totals with uncertainty",
                        "In everyday terms",
                        "By data centre",
                        "By kind",
                        "By region",
                        "Periods and the rebound effect",
                        "The rebound picture",
                        "What changed, and why",
                        "Training campaign",
                        "Ledger and run",
                        "Assumptions and sources");
    }

    @Test
    @DisplayName("header gives the scenario, the simulated span, the seed and the run id")
    void header() throws Exception {
        String header = text("//header");
        assertThat(header)
                .contains(
                        "classroom-test",
                        "2025-01-01 00:00 → 2025-01-03 00:00 UTC (2 days)",
                        "11",
                        "classroom-test@20250101T000000.000Z",
                        "3,000 in 48 load events");
    }

    @Test
    @DisplayName(
            "totals: eight quantities with central, likely p5 – p95 (where the summary has it), low – high and unit, then SCI per request")
    void totals() throws Exception {
        assertThat(count("//table[@class='totals']/tbody/tr")).isEqualTo(9);
        // facility energy 5.0 kWh [1.0–20.0], per request 5.0 kWh / 3000 = 1.67 Wh
        assertThat(rowCells("totals", 2))
                .containsExactly(
                        "Facility energy (IT × PUE)",
                        "5.00",
                        "likely 2.50 – 12.0; bounds 1.00 – 20.0",
                        "kWh",
                        "1.67 Wh");
        // water 17.85 L / 3000 = 5.95 mL
        assertThat(rowCells("totals", 8))
                .containsExactly("Water, on-site + off-site", "17.9", "3.20 – 91.4", "L", "5.95 mL");
        assertThat(rowCells("totals", 9))
                .startsWith(
                        "SCI per request (Green Software Foundation)", "0.753", "0.112 – 3.69", "g CO₂e per request");
    }

    @Test
    @DisplayName(
            "equivalences: central (likely p5 – p95; bounds low – high), or [low – high] without a likely range, unit phrase and source")
    void equivalences() throws Exception {
        assertThat(texts("//ul[@class='equivalences']/li"))
                .containsExactly(
                        "15.9|(likely 7.50 – 41.0; bounds 2.37 – 78.0)|km driven in a petrol car|Source: impact-data.md §8: 142 gCO2e per km, ecologits-calculator constants (V)",
                        "417|[83.3 – 1,670]|full smartphone charges|Source: impact-data.md §8: 12 Wh per full charge, Luccioni 2024 (S)",
                        "2.50 billion|[1.20 – 70.0 billion]|grains of <b>sand</b>|Source: a source with <i>markup</i>");
    }

    @Test
    @DisplayName("breakdowns: requests with separators and shares of requests and energy")
    void breakdowns() throws Exception {
        // video: 60 of 3,000 requests (2.00 %), 4.0 of 5.0 kWh (80.0 %)
        assertThat(rowCells("breakdown", 2, "by-kind"))
                .containsExactly(
                        "video",
                        "60",
                        "2.00 %",
                        "4.00|0.875 – 6.25",
                        "80.0 %",
                        "1.81|0.290 – 3.50",
                        "14.3|2.80 – 28.6");
        assertThat(rowCells("breakdown", 1, "by-datacentre")).startsWith("ashburn-1", "1,800", "60.0 %");
        assertThat(rowCells("breakdown", 2, "by-region")).startsWith("US-VA", "1,800", "60.0 %");
    }

    @Test
    @DisplayName("period table: requests per day, Wh per request, rebound effect and a visible BACKFIRE marker")
    void periods() throws Exception {
        assertThat(count("//table[@class='periods']/tbody/tr")).isEqualTo(2);
        List<String> first = rowCells("periods", 1);
        List<String> second = rowCells("periods", 2);
        assertThat(first)
                .containsExactly(
                        "1",
                        "2025-01-01",
                        "2025-01-02",
                        "1.00",
                        "1,000",
                        "2.00|0.500 – 8.00",
                        "2.00|0.500 – 8.00",
                        "0.904|0.118 – 4.43",
                        "–");
        assertThat(second)
                .containsExactly(
                        "2",
                        "2025-01-02",
                        "2025-01-03",
                        "1.00",
                        "2,000",
                        "1.50|likely 0.750 – 3.50; bounds 0.250 – 6.00",
                        "3.00|0.500 – 12.0",
                        "1.36|0.218 – 6.65",
                        "300 %|BACKFIRE");
        assertThat(count("//table[@class='periods']/tbody/tr[2]//strong[@class='backfire']"))
                .isEqualTo(1);
        assertThat(count("//table[@class='periods']/tbody/tr[1]//strong[@class='backfire']"))
                .isZero();
    }

    @Test
    @DisplayName(
            "what changed: a waterfall from the first period to the last (+growth, +mix, −efficiency, +rebound) and the sentence that reads it")
    void waterfall() throws Exception {
        assertThat(count("//*[@id='chart-what-changed']//*[@data-step]")).isEqualTo(6);
        assertThat(count("//*[@id='chart-what-changed']//*[@class='step-down']"))
                .isEqualTo(1);
        assertThat(text("//*[@id='chart-what-changed']"))
                .contains(
                        "2.00 kWh",
                        "growth",
                        "mix",
                        "efficiency",
                        "\u22120.71 kWh",
                        "rebound",
                        "+1.71 kWh",
                        "3.00 kWh",
                        "2025-01-01",
                        "2025-01-02");
        assertThat(text("//section[@id='what-changed']/p[@class='intro']"))
                .isEqualTo("From the period starting 2025-01-01 to the one "
                        + "starting 2025-01-02, facility energy went from 2.00 kWh to 3.00 kWh a day (+1.00 kWh): growth in demand changed nothing, "
                        + "the shift of the mix changed nothing, efficiency took away 0.71 kWh, and the demand that efficiency itself brought "
                        + "(the rebound) added 1.71 kWh.");
    }

    @Test
    @DisplayName(
            "rebound picture: one point per period in each line, the Wh-per-request line falls, energy per day rises")
    void charts() throws Exception {
        for (String chart : List.of("chart-wh-per-request", "chart-requests-per-day", "chart-energy-per-day")) {
            assertThat(points(chart)).as(chart).hasSize(2);
            assertThat(points(chart))
                    .extracting(e -> e.getAttribute("data-period"))
                    .as(chart)
                    .containsExactly("1", "2");
        }
        assertThat(points("chart-index")).hasSize(3 * 2);
        List<Element> wh = points("chart-wh-per-request");
        assertThat(Double.parseDouble(wh.get(1).getAttribute("cy")))
                .isGreaterThan(Double.parseDouble(wh.get(0).getAttribute("cy")));
        List<Element> energy = points("chart-energy-per-day");
        assertThat(Double.parseDouble(energy.get(1).getAttribute("cy")))
                .isLessThan(Double.parseDouble(energy.get(0).getAttribute("cy")));
        // labelled lines and axes, not colour alone
        assertThat(text("//*[@id='chart-index']"))
                .contains("requests/day 200", "energy/day 150", "Wh/request 75.0", "index (period 1 = 100)");
        assertThat(text("//*[@id='chart-wh-per-request']"))
                .contains("Wh per request", "2.00", "1.50", "2025-01-01", "2025-01-02");
        assertThat(text("//*[@id='chart-energy-per-day']")).contains("kWh per day", "high 12.0", "low 0.500");
        assertThat(count("//*[@id='chart-energy-per-day']//*[@class='band']")).isEqualTo(1);
        assertThat(text("//section[@id='rebound-picture']/p"))
                .contains("fell by 25.0 %", "multiplied by 2.00", "multiplied by 1.50");
    }

    @Test
    @DisplayName("bar chart of facility energy by kind, largest first, with shares")
    void kindChart() throws Exception {
        assertThat(count("//*[@id='chart-energy-by-kind']//*[@class='bar']")).isEqualTo(2);
        assertThat(texts("//*[@id='chart-energy-by-kind']//*[@class='bar-label']"))
                .containsExactly("video", "text");
        assertThat(text("//*[@id='chart-energy-by-kind']"))
                .contains("4.00 kWh", "80.0 % of the energy", "2.00 % of requests");
    }

    @Test
    @DisplayName("training: impacts, amortised per request, crossover not reached with the share reached")
    void training() throws Exception {
        String training = text("//section[@id='training']");
        assertThat(training).contains("400", "200 – 800", "152", "64.4 – 329");
        // 400 kWh / 3,000 requests = 133 Wh; 152 kg / 3,000 = 50.7 g; 1,252 L / 3,000 = 417 mL
        assertThat(training).contains("133", "50.7", "417", "Wh per request", "g CO₂e per request", "mL per request");
        assertThat(training).contains("not reached during the run", "1.50 % of the training's CO₂e");
    }

    @Test
    @DisplayName("fleets: a section only when the summary has one, with utilisation, power, servers and backlog")
    void fleets() throws Exception {
        assertThat(dom.getElementById("fleets"))
                .as("no fleet in the fixture: no section")
                .isNull();
        ObjectNode summary = ReportFixtures.twoPeriods();
        ObjectNode fleet = summary.putObject("fleets").putObject("paris-1");
        fleet.put("hours", 48);
        fleet.putObject("utilisation").put("min", 0.25).put("mean", 0.5).put("max", 1.0);
        fleet.putObject("it_power_kw").put("min", 15.0).put("mean", 20.0).put("max", 30.0);
        fleet.put("servers_at_start", 10)
                .put("servers_at_end", 20)
                .put("backlog_max", 40000)
                .put("backlog_at_end", 0);
        Path file = dir.resolve("fleets.html");
        ReportWriter.writeHtml(summary, "t", null, file);
        Document withFleets = parse(Files.readString(file));
        String section = (String) XPathFactory.newInstance()
                .newXPath()
                .evaluate("//section[@id='fleets']", withFleets, XPathConstants.STRING);
        assertThat(section).contains("paris-1", "0.250 · 0.500 · 1.00", "15.0 · 20.0 · 30.0", "10 → 20", "40,000");
        assertThat(Files.readString(file)).contains("href=\"#fleets\"");
    }

    @Test
    @DisplayName("training: the crossover instant when inference caught up")
    void crossover() throws Exception {
        ObjectNode summary = ReportFixtures.twoPeriods();
        ((ObjectNode) summary.get("training")).put("inference_overtakes_training_at", "2025-01-02T13:13:23.668Z");
        Path file = dir.resolve("crossover.html");
        ReportWriter.writeHtml(summary, "t", null, file);
        assertThat(Files.readString(file)).contains("caught up with the training&#39;s on 2025-01-02 13:13 UTC");
    }

    @Test
    @DisplayName("ledger and run: matches, dead letters, wall time")
    void ledger() throws Exception {
        assertThat(text("//section[@id='ledger']"))
                .contains(
                        "3,000 requests in 48 load events",
                        "match the ledger exactly",
                        "0 (records the aggregator could not use)",
                        "12.3 s, first aggregate after 6.50 s");
    }

    @Test
    @DisplayName("assumptions: points to the impact model and states boundaries and limits")
    void assumptions() throws Exception {
        assertThat(text("//section[@id='assumptions']"))
                .contains(
                        "docs/impact-model.md",
                        "IT vs facility energy",
                        "Location-based grid intensity",
                        "Embodied CO₂e per IT kWh",
                        "On-site vs off-site water",
                        "cannot measure any real service");
    }

    @Test
    @DisplayName("a single period and no training: no period table, no rebound picture, no training section")
    void singlePeriod() throws Exception {
        ObjectNode summary = ReportFixtures.twoPeriods();
        ((ArrayNode) summary.get("periods")).remove(1);
        summary.remove("training");
        Path file = dir.resolve("single.html");
        ReportWriter.writeHtml(summary, null, null, file);
        Document single = parse(Files.readString(file));
        List<String> headings = texts(single, "//h2");
        assertThat(headings)
                .doesNotContain(
                        "Periods and the rebound effect",
                        "The rebound picture",
                        "Training campaign",
                        "Facilitator's notes");
        assertThat(headings).contains("Totals with uncertainty", "By kind", "Assumptions and sources");
        assertThat(texts(single, "//h1")).containsExactly("classroom-test");
    }

    // ------------------------------------------------------------------ helpers

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setExpandEntityReferences(false);
        factory.setCoalescing(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    /** All the text under the first match, as one string (for "contains" checks). */
    private String text(String xpath) throws Exception {
        return ((org.w3c.dom.Node) XPathFactory.newInstance().newXPath().evaluate(xpath, dom, XPathConstants.NODE))
                .getTextContent();
    }

    private List<String> texts(String xpath) throws Exception {
        return texts(dom, xpath);
    }

    private static List<String> texts(Document document, String xpath) throws Exception {
        NodeList nodes =
                (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            List<String> parts = new ArrayList<>();
            collectText(nodes.item(i), parts);
            out.add(String.join("|", parts));
        }
        return out;
    }

    /** The non-blank text nodes under a node, stripped: "4.00|0.875 – 6.25" for a central value with its range underneath. */
    private static void collectText(org.w3c.dom.Node node, List<String> parts) {
        if (node.getNodeType() == org.w3c.dom.Node.TEXT_NODE) {
            if (!node.getNodeValue().isBlank()) {
                parts.add(node.getNodeValue().strip());
            }
            return;
        }
        for (org.w3c.dom.Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            collectText(child, parts);
        }
    }

    private int count(String xpath) throws Exception {
        return texts(xpath).size();
    }

    private List<String> rowCells(String tableClass, int row) throws Exception {
        return texts("//table[@class='" + tableClass + "']/tbody/tr[" + row + "]/*");
    }

    private List<String> rowCells(String tableClass, int row, String section) throws Exception {
        return texts("//section[@id='" + section + "']//table[@class='" + tableClass + "']/tbody/tr[" + row + "]/*");
    }

    private List<Element> points(String chartId) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance()
                .newXPath()
                .evaluate("//*[@id='" + chartId + "']//*[@class='pt']", dom, XPathConstants.NODESET);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }
}
