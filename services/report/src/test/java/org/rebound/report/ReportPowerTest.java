package org.rebound.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.domain.text.Lang;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The report's "Power over time" section, from the power series of {@link ReportFixtures#withPower()} (two data
 * centres, hourly, one with a fleet) and {@link ReportFixtures#withTenDatacentres()} (daily, more data centres than
 * lines); summaries without a series (written before it existed) have no section. Positions are worked out by hand
 * from the chart's frame: the plot spans x 70–440 and y 48–268 (220 high, zero at the bottom).
 */
@DisplayName("the report's power over time")
class ReportPowerTest {

    /** U+202F, before % in French. */
    private static final String NNBSP = "\u202F";
    /** U+00A0, between a number and its unit, and before a colon, in French. */
    private static final String NBSP = "\u00A0";

    @TempDir
    Path dir;

    @Test
    @DisplayName("a summary without a power series (older ones) loads, and has no power section nor link to it")
    void olderSummaryHasNoSection() throws Exception {
        for (Lang lang : Lang.values()) {
            String html = render(ReportFixtures.twoPeriods(), lang);
            Document dom = parse(html);
            assertThat(nodes(dom, "//section[@id='power']").getLength()).isZero();
            assertThat(html).doesNotContain("href=\"#power\"", "chart-power", "chart-utilisation");
        }
    }

    @Test
    @DisplayName("English: one line per data centre, largest first, in kW; the fleet's utilisation in a second chart")
    void english() throws Exception {
        String html = render(ReportFixtures.withPower(), Lang.EN);
        Document dom = parse(html);
        assertThat(html.toLowerCase()).doesNotContain("<script", "http://", "https://", "<img");
        assertThat(texts(dom, "//section[@id='power']/h2")).containsExactly("Power over time");
        // listed in the contents, after training and before the ledger (the fixture has no fleet table)
        assertThat(attributes(dom, "//nav//a/@href"))
                .containsSubsequence("#training", "#power", "#ledger")
                .contains("#power");
        assertThat(texts(dom, "//section[@id='power']/p[@class='intro']").get(0))
                .startsWith("Each data centre's facility power (IT × PUE, central estimate) hour by hour");

        String chart = "//*[@id='chart-power']";
        assertThat(texts(dom, chart + "/*[local-name()='title']")).containsExactly("Power by data centre");
        assertThat(attributes(dom, chart + "//*[@data-series]/@data-series")).containsExactly("ashburn-1", "paris-1");
        assertThat(texts(dom, chart + "//*[@class='end-label']")).containsExactlyInAnyOrder("ashburn-1", "paris-1");
        assertThat(texts(dom, chart + "//*[@class='axis-title']"))
                .containsExactly("kW (facility, central)", "simulated time (UTC)");
        // two days from midnight: a tick every 12 hours
        assertThat(texts(dom, chart + "//*[@class='tick']"))
                .containsSequence("2025-01-01", "12:00", "2025-01-02", "12:00", "2025-01-03");
        // 48 hourly points at the middle of their hour: x = 70 + 370 × 0.5 / 48 = 73.9 … 70 + 370 × 47.5 / 48 = 436.1;
        // the axis goes to 0.08 kW: y(0.05) = 48 + 220 × (1 − 0.05 / 0.08) = 130.5, y(0.075) = 61.75
        String ashburn = attributes(dom, chart + "//*[@data-series='ashburn-1']/*[@class='line']/@points")
                .get(0);
        assertThat(ashburn.split(" ")).hasSize(48);
        assertThat(ashburn).startsWith("73.9,130.5 ").endsWith(" 436.1,61.8");
        // a dozen markers a line, each with its value
        assertThat(attributes(dom, chart + "//*[@data-series='ashburn-1']/*[@class='pt']/@data-period"))
                .hasSize(12)
                .startsWith("1")
                .endsWith("48");
        assertThat(texts(dom, chart + "//*[@data-series='ashburn-1']/*[@class='pt']/*[local-name()='title']"))
                .startsWith("ashburn-1, 2025-01-01 00:00 UTC: 0.0500 kW")
                .endsWith("ashburn-1, 2025-01-02 23:00 UTC: 0.0750 kW");

        String utilisation = "//*[@id='chart-utilisation']";
        assertThat(texts(dom, utilisation + "/*[local-name()='title']")).containsExactly("Fleet utilisation");
        assertThat(attributes(dom, utilisation + "//*[@data-series]/@data-series"))
                .containsExactly("paris-1");
        assertThat(texts(dom, utilisation + "//*[@class='axis-title']")).startsWith("% of server-hours in use");
        // from 0 to 100 %: y(25) = 48 + 220 × 0.75 = 213, y(50) = 158
        assertThat(attributes(dom, utilisation + "//*[@class='line']/@points").get(0))
                .startsWith("73.9,213.0 ")
                .endsWith(" 436.1,158.0");
        assertThat(texts(dom, utilisation + "//*[@class='pt']/*[local-name()='title']"))
                .startsWith("paris-1, 2025-01-01 00:00 UTC: 25.0 %");
        assertThat(texts(dom, "//section[@id='power']//figcaption"))
                .hasSize(2)
                .allSatisfy(caption -> assertThat(caption).doesNotContain("grey band"));
    }

    @Test
    @DisplayName("French: « Puissance au fil du temps », French dates, times, decimals and spaces, no English left")
    void french() throws Exception {
        String html = render(ReportFixtures.withPower(), Lang.FR);
        Document dom = parse(html);
        assertThat(texts(dom, "//section[@id='power']/h2")).containsExactly("Puissance au fil du temps");
        assertThat(texts(dom, "//nav//a[@href='#power']")).containsExactly("Puissance au fil du temps");
        String chart = "//*[@id='chart-power']";
        assertThat(texts(dom, chart + "/*[local-name()='title']")).containsExactly("Puissance par centre de données");
        assertThat(texts(dom, chart + "//*[@class='axis-title']"))
                .containsExactly("kW (site, valeur centrale)", "temps simulé (UTC)");
        assertThat(texts(dom, chart + "//*[@class='tick']"))
                .containsSequence("1 janv. 2025", "12 h 00", "2 janv. 2025", "12 h 00", "3 janv. 2025");
        assertThat(texts(dom, chart + "//*[@data-series='ashburn-1']/*[@class='pt']/*[local-name()='title']"))
                .startsWith("ashburn-1, 1 janv. 2025, 00 h 00 UTC" + NBSP + ": 0,0500" + NBSP + "kW");
        assertThat(texts(dom, "//*[@id='chart-utilisation']/*[local-name()='title']"))
                .containsExactly("Taux d'utilisation des parcs de serveurs");
        assertThat(texts(dom, "//*[@id='chart-utilisation']//*[@class='pt']/*[local-name()='title']"))
                .startsWith("paris-1, 1 janv. 2025, 00 h 00 UTC" + NBSP + ": 25,0" + NNBSP + "%");
        assertThat(dom.getDocumentElement().getTextContent())
                .doesNotContain(
                        "Power over time",
                        "Power by data centre",
                        "Fleet utilisation",
                        "simulated time",
                        "facility, central",
                        "server-hours");
    }

    @Test
    @DisplayName(
            "more than 8 data centres: the 7 that used the most energy as lines, the others as one grey band, in MW")
    void manyDatacentres() throws Exception {
        for (Lang lang : Lang.values()) {
            Document dom = parse(render(ReportFixtures.withTenDatacentres(), lang));
            String chart = "//*[@id='chart-power']";
            assertThat(attributes(dom, chart + "//*[@data-series]/@data-series"))
                    .containsExactly("dc-0", "dc-1", "dc-2", "dc-3", "dc-4", "dc-5", "dc-6");
            // the band of dc-7 … dc-9: 6 MW to 2 MW on an axis to 20 MW: y(6) = 48 + 220 × 0.7 = 202, y(2) = 246
            String band =
                    attributes(dom, chart + "//*[@class='band others']/@points").get(0);
            assertThat(band).contains(",202.0 ").endsWith(",246.0");
            assertThat(nodes(dom, "//*[@id='chart-utilisation']").getLength()).isZero();
            String caption = texts(dom, "//section[@id='power']//figcaption").get(0);
            if (lang == Lang.EN) {
                assertThat(texts(dom, chart + "//*[@class='end-label']")).contains("dc-0", "dc-6", "3 others");
                assertThat(texts(dom, chart + "//*[@class='axis-title']")).startsWith("MW (facility, central)");
                // 30 days: a tick a week
                assertThat(texts(dom, chart + "//*[@class='tick']"))
                        .containsSequence("2025-01-01", "2025-01-08", "2025-01-15", "2025-01-22", "2025-01-29");
                assertThat(texts(dom, chart + "//*[@data-series='dc-0']/*[@class='pt']/*[local-name()='title']"))
                        .startsWith("dc-0, 2025-01-01: 20.0 MW");
                // 6 / 55 = 10.9 %
                assertThat(caption)
                        .startsWith("Facility power of each data centre, daily means")
                        .contains("The other 3 data centres", "(10.9 % of the facility energy together)");
            } else {
                assertThat(texts(dom, chart + "//*[@class='end-label']")).contains("3 autres");
                assertThat(caption).contains("Les 3 autres centres de données", "ensemble 10,9" + NNBSP + "%");
            }
        }
    }

    @Test
    @DisplayName("a power series whose columns are not as long as its time axis is not a summary: a loud error")
    void unevenColumnsFail() {
        ObjectNode summary = ReportFixtures.withPower();
        ((ArrayNode) summary.get("power").get("by_datacentre").get("paris-1").get("it_power_kw")).remove(0);
        assertThatThrownBy(() -> render(summary, Lang.EN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a run summary")
                .hasMessageContaining("paris-1");
    }

    // ------------------------------------------------------------------ helpers

    private String render(ObjectNode summary, Lang lang) throws Exception {
        Path file = dir.resolve("report-" + lang.code() + "-" + System.nanoTime() + ".html");
        ReportWriter.writeHtml(summary, "power", null, lang, file);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

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

    /** Each match's text, stripped. */
    private static List<String> texts(Document dom, String xpath) throws Exception {
        NodeList found = nodes(dom, xpath);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < found.getLength(); i++) {
            out.add(found.item(i).getTextContent().strip());
        }
        return out;
    }

    private static List<String> attributes(Document dom, String xpath) throws Exception {
        return texts(dom, xpath);
    }
}
