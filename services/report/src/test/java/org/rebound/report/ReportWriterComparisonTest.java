package org.rebound.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rebound.report.ReportFixtures.B_TITLE;
import static org.rebound.report.ReportFixtures.MALICIOUS_TITLE;
import static org.rebound.report.ReportFixtures.NARRATIVE;

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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The comparison section of the HTML report ({@code compare A B}, or a run with its baseline), from
 * {@link ReportFixtures#withComparison}: A is the two-period summary, B the same with 1,200 instead of
 * 2,000 requests per day in period 2, at the first period's 2.0 Wh. Expected strings are worked out by
 * hand in that method's comment.
 */
@DisplayName("the HTML report of a comparison")
class ReportWriterComparisonTest {

    @TempDir
    Path dir;

    private String write(ObjectNode summary) throws Exception {
        Path file = dir.resolve("report-" + System.nanoTime() + ".html");
        ReportWriter.writeHtml(summary, MALICIOUS_TITLE, NARRATIVE, file);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("against a baseline: a section listed first in the contents, before A's own sections")
    void sectionAndContents() throws Exception {
        Document dom = parse(write(ReportFixtures.withComparison(true)));
        assertThat(texts(dom, "//h2"))
                .startsWith("Facilitator's notes", "Against its baseline", "Totals with uncertainty");
        assertThat(texts(dom, "//nav//a")).startsWith("Against its baseline", "Totals");
        assertThat(texts(dom, "//nav//a/@href")).startsWith("#comparison", "#totals");
        assertThat(count(dom, "//section[@id='comparison']")).isEqualTo(1);
        String intro = text(dom, "//section[@id='comparison']/p[@class='intro']");
        assertThat(intro).contains("B is its baseline", "without its efficiency gains", "RE vs baseline", "BACKFIRE");
    }

    @Test
    @DisplayName("names A and B by their titles, escaped, with their run ids")
    void escapesBothTitles() throws Exception {
        String html = write(ReportFixtures.withComparison(true));
        assertThat(html).doesNotContain("<script");
        assertThat(html)
                .contains("<dd>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Jevons&quot; <small>")
                .contains("<dd>&lt;script&gt;alert(2)&lt;/script&gt; the same days, without the gains <small>");
        Document dom = parse(html);
        assertThat(texts(dom, "//section[@id='comparison']/dl/div"))
                .containsExactly(
                        "A|" + MALICIOUS_TITLE + "|(run|classroom-test@20250101T000000.000Z|)",
                        "B, its baseline|" + B_TITLE + "|(run|classroom-test-baseline@20250101T000000.000Z|)");
    }

    @Test
    @DisplayName("totals: A and B with their ranges, A − B and A / B")
    void totals() throws Exception {
        Document dom = parse(write(ReportFixtures.withComparison(true)));
        assertThat(count(dom, "//table[@class='comparison-totals']/tbody/tr")).isEqualTo(5);
        assertThat(rowCells(dom, "comparison-totals", 1))
                .containsExactly("Requests", "3,000", "2,200", "+800", "1.36×", "requests");
        // 5.0 − 4.4 = 0.6; 5.0 / 4.4 = 1.136
        assertThat(rowCells(dom, "comparison-totals", 2))
                .containsExactly(
                        "Facility energy (IT × PUE)",
                        "5.00|likely 2.50 – 12.0; bounds 1.00 – 20.0",
                        "4.40|1.10 – 17.6",
                        "+0.600",
                        "1.14×",
                        "kWh");
        assertThat(rowCells(dom, "comparison-totals", 3))
                .containsExactly(
                        "CO₂e, operational + embodied",
                        "2.26|0.336 – 11.1",
                        "2.00|0.300 – 10.0",
                        "+0.260",
                        "1.13×",
                        "kg CO₂e");
        assertThat(rowCells(dom, "comparison-totals", 4))
                .containsExactly(
                        "Water, on-site + off-site", "17.9|3.20 – 91.4", "16.0|3.00 – 80.0", "+1.86", "1.12×", "L");
        // 0.7533 − 0.9091 = −0.156 (a true minus sign); 0.7533 / 0.9091 = 0.829
        assertThat(rowCells(dom, "comparison-totals", 5))
                .containsExactly(
                        "SCI per request (Green Software Foundation)",
                        "0.753|0.112 – 3.69",
                        "0.909|0.100 – 3.30",
                        "\u22120.156",
                        "0.829×",
                        "g CO₂e per request");
    }

    @Test
    @DisplayName("period table: both runs side by side, RE vs baseline with a BACKFIRE marker above 100 %")
    void periods() throws Exception {
        Document dom = parse(write(ReportFixtures.withComparison(true)));
        assertThat(texts(dom, "//table[@class='comparison-periods']/thead/tr[1]/th"))
                .containsExactly(
                        "#",
                        "from",
                        "requests per day",
                        "Wh per request",
                        "facility energy, kWh per day",
                        "RE vs baseline");
        assertThat(count(dom, "//table[@class='comparison-periods']/tbody/tr")).isEqualTo(2);
        assertThat(rowCells(dom, "comparison-periods", 1))
                .containsExactly("1", "2025-01-01", "1,000", "1,000", "2.00", "2.00", "2.00", "2.00", "–");
        assertThat(rowCells(dom, "comparison-periods", 2))
                .containsExactly("2", "2025-01-02", "2,000", "1,200", "1.50", "2.00", "3.00", "2.40", "200 %|BACKFIRE");
        assertThat(
                        count(
                                dom,
                                "//table[@class='comparison-periods']/tbody/tr[2][@class='backfire-row']//strong[@class='backfire']"))
                .isEqualTo(1);
        assertThat(count(dom, "//table[@class='comparison-periods']/tbody/tr[1]//strong[@class='backfire']"))
                .isZero();
        assertThat(text(dom, "//section[@id='comparison']"))
                .contains(
                        "In period 2, a request of A cost 25.0 % less energy than in the baseline, "
                                + "and A used 1.25 times the baseline's energy per day: the extra demand took back 200 % of the expected saving, more than all of it (BACKFIRE).");
    }

    @Test
    @DisplayName("charts: energy per day and Wh per request of A and B, one point per period, lines labelled")
    void charts() throws Exception {
        Document dom = parse(write(ReportFixtures.withComparison(true)));
        for (String chart : List.of("chart-compare-energy-per-day", "chart-compare-wh-per-request")) {
            assertThat(points(dom, chart, "a"))
                    .as(chart)
                    .extracting(e -> e.getAttribute("data-period"))
                    .containsExactly("1", "2");
            assertThat(points(dom, chart, "b"))
                    .as(chart)
                    .extracting(e -> e.getAttribute("data-period"))
                    .containsExactly("1", "2");
        }
        // period 2: A uses more energy per day than B (3.0 > 2.4 kWh), so its point is higher (a smaller y)
        assertThat(cy(points(dom, "chart-compare-energy-per-day", "a").get(1)))
                .isLessThan(cy(points(dom, "chart-compare-energy-per-day", "b").get(1)));
        // ... while each request costs less (1.5 < 2.0 Wh)
        assertThat(cy(points(dom, "chart-compare-wh-per-request", "a").get(1)))
                .isGreaterThan(
                        cy(points(dom, "chart-compare-wh-per-request", "b").get(1)));
        assertThat(texts(dom, "//*[@id='chart-compare-energy-per-day']//*[@class='end-label']"))
                .containsExactlyInAnyOrder("A 3.00", "B (baseline) 2.40");
        assertThat(text(dom, "//*[@id='chart-compare-energy-per-day']"))
                .contains("kWh per day", "2025-01-01", "2025-01-02");
        assertThat(texts(dom, "//*[@id='chart-compare-wh-per-request']//*[@class='end-label']"))
                .containsExactlyInAnyOrder("A 1.50", "B (baseline) 2.00");
    }

    @Test
    @DisplayName("stays self-contained and well-formed: no network reference, no script")
    void selfContained() throws Exception {
        String html = write(ReportFixtures.withComparison(true));
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
        Document dom = parse(html);
        assertThat(texts(dom, "//@href")).allSatisfy(href -> assertThat(href).startsWith("#"));
    }

    @Test
    @DisplayName("side by side (B is not a baseline): same tables, no RE vs baseline, no BACKFIRE")
    void sideBySide() throws Exception {
        Document dom = parse(write(ReportFixtures.withComparison(false)));
        assertThat(texts(dom, "//h2")).startsWith("Facilitator's notes", "Side by side", "Totals with uncertainty");
        assertThat(texts(dom, "//nav//a")).startsWith("Side by side");
        assertThat(texts(dom, "//section[@id='comparison']/dl/div/dt")).containsExactly("A", "B");
        assertThat(text(dom, "//section[@id='comparison']/p[@class='intro']"))
                .contains("Two scenarios run side by side")
                .doesNotContain("baseline");
        assertThat(rowCells(dom, "comparison-totals", 2))
                .containsExactly(
                        "Facility energy (IT × PUE)",
                        "5.00|likely 2.50 – 12.0; bounds 1.00 – 20.0",
                        "4.40|1.10 – 17.6",
                        "+0.600",
                        "1.14×",
                        "kWh");
        assertThat(rowCells(dom, "comparison-periods", 2))
                .containsExactly("2", "2025-01-02", "2,000", "1,200", "1.50", "2.00", "3.00", "2.40");
        assertThat(text(dom, "//section[@id='comparison']")).doesNotContain("RE vs baseline", "BACKFIRE");
        assertThat(texts(dom, "//*[@id='chart-compare-energy-per-day']//*[@class='end-label']"))
                .containsExactlyInAnyOrder("A 3.00", "B 2.40");
    }

    @Test
    @DisplayName(
            "a summary without a comparison: no section, no contents entry, and the rest of the report is the same")
    void withoutComparison() throws Exception {
        String plain = write(ReportFixtures.twoPeriods());
        Document dom = parse(plain);
        assertThat(count(dom, "//section[@id='comparison']")).isZero();
        assertThat(texts(dom, "//nav//a/@href")).doesNotContain("#comparison").startsWith("#totals");
        assertThat(plain).doesNotContain("chart-compare", "comparison-totals", "Against its baseline", "Side by side");
        ObjectNode nullComparison = ReportFixtures.twoPeriods();
        nullComparison.putNull("comparison");
        assertThat(write(nullComparison)).isEqualTo(plain);

        // the comparison only adds its section and its line in the contents
        String compared = write(ReportFixtures.withComparison(true));
        int start = compared.indexOf("<section id=\"comparison\">");
        int end = compared.indexOf("</section>\n", start) + "</section>\n".length();
        assertThat(start).isPositive();
        String without = (compared.substring(0, start) + compared.substring(end))
                .replace("<li><a href=\"#comparison\">Against its baseline</a></li>\n", "");
        assertThat(without).isEqualTo(plain);
    }

    // ------------------------------------------------------------------ helpers

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setExpandEntityReferences(false);
        factory.setCoalescing(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static NodeList nodes(Document dom, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, dom, XPathConstants.NODESET);
    }

    /** All the text under the first match, as one string (for "contains" checks). */
    private static String text(Document dom, String xpath) throws Exception {
        NodeList found = nodes(dom, xpath);
        assertThat(found.getLength()).as(xpath).isPositive();
        return found.item(0).getTextContent();
    }

    /** Each match's non-blank text nodes, stripped and joined by "|": "4.00|0.875 – 6.25" for a central value with its range underneath. */
    private static List<String> texts(Document dom, String xpath) throws Exception {
        NodeList found = nodes(dom, xpath);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < found.getLength(); i++) {
            List<String> parts = new ArrayList<>();
            collectText(found.item(i), parts);
            out.add(String.join("|", parts));
        }
        return out;
    }

    private static void collectText(org.w3c.dom.Node node, List<String> parts) {
        if (node.getNodeType() == org.w3c.dom.Node.TEXT_NODE || node.getNodeType() == org.w3c.dom.Node.ATTRIBUTE_NODE) {
            if (!node.getNodeValue().isBlank()) {
                parts.add(node.getNodeValue().strip());
            }
            return;
        }
        for (org.w3c.dom.Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            collectText(child, parts);
        }
    }

    private static int count(Document dom, String xpath) throws Exception {
        return nodes(dom, xpath).getLength();
    }

    private static List<String> rowCells(Document dom, String tableClass, int row) throws Exception {
        return texts(dom, "//table[@class='" + tableClass + "']/tbody/tr[" + row + "]/*");
    }

    private static List<Element> points(Document dom, String chartId, String series) throws Exception {
        NodeList found = nodes(dom, "//*[@id='" + chartId + "']//*[@data-series='" + series + "']//*[@class='pt']");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < found.getLength(); i++) {
            out.add((Element) found.item(i));
        }
        return out;
    }

    /** The vertical centre of a point (A's are circles, B's squares); it grows downwards. */
    private static double cy(Element point) {
        return point.hasAttribute("cy")
                ? Double.parseDouble(point.getAttribute("cy"))
                : Double.parseDouble(point.getAttribute("y")) + Double.parseDouble(point.getAttribute("height")) / 2;
    }
}
