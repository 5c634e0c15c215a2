package org.rebound.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rebound.report.ReportFixtures.MALICIOUS_TITLE;
import static org.rebound.report.ReportFixtures.NARRATIVE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The report and its CSV in each language, from the hand-written summary (two daily periods, the second one above
 * 100 %, a training campaign) and the same summary against a baseline (see {@link ReportFixtures}). The French
 * expectations are the English ones of ReportWriterHtmlTest, said the French way: decimal comma, narrow no-break
 * space between thousands and before %, « 1 janv. 2025 ».
 */
@DisplayName("the report in English and in French")
class ReportLanguagesTest {

    /** U+202F, between thousands and before % in French. */
    private static final String NNBSP = "\u202F";
    /** U+00A0, between a number and its unit, and before a colon, in French. */
    private static final String NBSP = "\u00A0";

    /** Every h2 and h3 the English report can show, and its other English landmarks: none may appear in French. */
    private static final List<String> ENGLISH_HEADINGS = List.of(
            "Facilitator's notes",
            "Against its baseline",
            "Side by side",
            "Totals over the run",
            "Period by period",
            "Totals with uncertainty",
            "In everyday terms",
            "By data centre",
            "By kind",
            "By region",
            "Periods and the rebound effect",
            "The rebound picture",
            "What changed, and why",
            "Training campaign",
            "Power over time",
            "Ledger and run",
            "Assumptions and sources",
            "Boundaries",
            "What these numbers can and cannot claim",
            "Rebound run report",
            "Contents");

    @TempDir
    Path dir;

    @Test
    @DisplayName("every sentence of the report exists in both languages, with the same placeholders")
    void everyKeyInBothLanguages() throws Exception {
        Map<Lang, Set<String>> missing = Messages.missingKeys(ReportText.BUNDLE, ReportWriter.class);
        assertThat(missing.get(Lang.EN)).as("keys only in French").isEmpty();
        assertThat(missing.get(Lang.FR)).as("keys only in English").isEmpty();
        Properties english = load("org/rebound/report/messages.properties");
        Properties french = load("org/rebound/report/messages_fr.properties");
        for (String key : english.stringPropertyNames()) {
            assertThat(placeholders(french.getProperty(key))).as(key).isEqualTo(placeholders(english.getProperty(key)));
        }
    }

    @Test
    @DisplayName("every sentence a template names exists (in both languages, by the test above)")
    void templateKeysExist() throws Exception {
        Messages english = Messages.of(ReportText.BUNDLE, Lang.EN, ReportWriter.class);
        Path templates = Path.of(ReportLanguagesTest.class
                .getClassLoader()
                .getResource("org/rebound/report/templates")
                .toURI());
        List<Path> files;
        try (var list = Files.list(templates)) {
            files = list.filter(f -> f.toString().endsWith(".mustache")).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        Pattern sentence = Pattern.compile("\\{\\{#t}}\\s*([^{}\\s]+)\\s*\\{\\{/t}}");
        int found = 0;
        for (Path file : files) {
            Matcher m = sentence.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                found++;
                assertThat(english.has(m.group(1)))
                        .as(file.getFileName() + ": " + m.group(1))
                        .isTrue();
            }
        }
        assertThat(found).isGreaterThan(50);
    }

    @Test
    @DisplayName("the English labels of the eight quantities are ImpactQuantity's (the console's), word for word")
    void quantityLabels() {
        Messages english = Messages.of(ReportText.BUNDLE, Lang.EN, ReportWriter.class);
        for (org.rebound.report.results.ImpactQuantity q : org.rebound.report.results.ImpactQuantity.values()) {
            assertThat(english.text("quantity." + q.field)).as(q.field).isEqualTo(q.label);
            assertThat(english.text("quantity." + q.field + ".unit"))
                    .as(q.field)
                    .isEqualTo(q.unit);
            assertThat(english.text("quantity." + q.field + ".perRequestUnit"))
                    .as(q.field)
                    .isEqualTo(q.perRequestUnit);
        }
    }

    @Test
    @DisplayName("French: <html lang=\"fr\">, well-formed, French headings, no English heading left")
    void frenchReport() throws Exception {
        String html = render(ReportFixtures.twoPeriods(), Lang.FR);
        Document dom = parse(html);
        assertThat(dom.getDocumentElement().getAttribute("lang")).isEqualTo("fr");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"fr\">");
        assertThat(texts(dom, "//h2"))
                .containsExactly(
                        "Notes pour l'animation",
                        "Totaux et incertitude",
                        "En équivalents du quotidien",
                        "Par centre de données",
                        "Par type de requête",
                        "Par région",
                        "Périodes et effet rebond",
                        "L'effet rebond en images",
                        "Ce qui a changé, et pourquoi",
                        "Campagne d'entraînement",
                        "Registre et simulation",
                        "Hypothèses et sources");
        String text = text(dom, "//body"); // the style sheet names its .backfire class
        assertThat(text)
                .doesNotContain(ENGLISH_HEADINGS.toArray(String[]::new))
                .doesNotContain("BACKFIRE", "backfire", "trillion", "prélevée", "datacenter")
                .contains(
                        "effet rebond",
                        "paradoxe de Jevons".toUpperCase(),
                        "scénario contrefactuel",
                        "énergie du site",
                        "eau consommée",
                        "CO₂e",
                        "fourchette probable");
        // the title and the notes are the scenario's own text, escaped as in English
        assertThat(html).contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Jevons&quot;</h1>");
        assertThat(texts(dom, "/html/head/title"))
                .containsExactly(MALICIOUS_TITLE + " · Rapport de simulation Rebound");
    }

    @Test
    @DisplayName("French numbers and dates: 3 000, 5,00, 60,0 %, 1 janv. 2025, 2,50 milliards")
    void frenchNumbersAndDates() throws Exception {
        Document dom = parse(render(ReportFixtures.twoPeriods(), Lang.FR));
        assertThat(text(dom, "//header"))
                .contains(
                        "du 1 janv. 2025, 00 h 00 au 3 janv. 2025, 00 h 00 UTC (2 jours)",
                        "3" + NNBSP + "000 réparties en 48 événements de charge");
        assertThat(rowCells(dom, "//table[@class='totals']/tbody/tr[2]"))
                .containsExactly(
                        "Énergie du site (IT × PUE)",
                        "5,00",
                        "probable 2,50 – 12,0" + NNBSP + "; bornes 1,00 – 20,0",
                        "kWh",
                        "1,67" + NBSP + "Wh");
        assertThat(rowCells(dom, "//section[@id='by-kind']//table[@class='breakdown']/tbody/tr[2]"))
                .containsExactly(
                        "vidéo",
                        "60",
                        "2,00" + NNBSP + "%",
                        "4,00|0,875 – 6,25",
                        "80,0" + NNBSP + "%",
                        "1,81|0,290 – 3,50",
                        "14,3|2,80 – 28,6");
        assertThat(rowCells(dom, "//table[@class='periods']/tbody/tr[2]"))
                .containsExactly(
                        "2",
                        "2 janv. 2025",
                        "3 janv. 2025",
                        "1,00",
                        "2" + NNBSP + "000",
                        "1,50|probable 0,750 – 3,50" + NNBSP + "; bornes 0,250 – 6,00",
                        "3,00|0,500 – 12,0",
                        "1,36|0,218 – 6,65",
                        "300" + NNBSP + "%|PARADOXE DE JEVONS");
        assertThat(texts(dom, "//ul[@class='equivalences']/li"))
                .startsWith(
                        "15,9|(probable 7,50 – 41,0" + NNBSP
                                + "; bornes 2,37 – 78,0)|km parcourus en voiture à essence|"
                                + "Source" + NBSP + ": impact-data.md §8" + NBSP
                                + ": 142 g CO₂e par km, constantes d'ecologits-calculator (V)",
                        "417|[83,3 – 1" + NNBSP + "670]|recharges complètes de smartphone|Source" + NBSP
                                + ": impact-data.md §8" + NBSP + ": 12 Wh par recharge complète, Luccioni 2024 (S)");
        // an equivalence the bundle does not know keeps the summary's own words; its numbers are French
        assertThat(texts(dom, "//ul[@class='equivalences']/li").get(2))
                .startsWith("2,50 milliards|[1,20 – 70,0 milliards]|grains of <b>sand</b>");
        assertThat(text(dom, "//section[@id='what-changed']/p[@class='intro']"))
                .isEqualTo(
                        "De la période commençant le 1 janv. 2025 à celle commençant le 2 janv. 2025, l'énergie du site "
                                + "est passée de 2,00" + NBSP + "kWh à 3,00" + NBSP + "kWh par jour (+1,00" + NBSP
                                + "kWh)" + NBSP
                                + ": la croissance de la demande n'a rien changé, l'évolution de la répartition des usages n'a rien "
                                + "changé, l'efficacité a retiré 0,71" + NBSP
                                + "kWh, et la demande que l'efficacité a elle-même "
                                + "suscitée (l'effet rebond) a ajouté 1,71" + NBSP + "kWh.");
        assertThat(text(dom, "//section[@id='ledger']")).contains("12,3" + NBSP + "s, premier agrégat au bout de 6,50");
        // chart labels: French axis, series and numbers
        assertThat(text(dom, "//*[@id='chart-index']"))
                .contains("requêtes/jour 200", "énergie/jour 150", "Wh/requête 75,0", "indice (période 1 = 100)");
        assertThat(text(dom, "//*[@id='chart-energy-per-day']")).contains("haute 12,0", "basse 0,500", "1 janv. 2025");
        assertThat(text(dom, "//*[@id='chart-energy-by-kind']"))
                .contains("80,0" + NNBSP + "% de l'énergie", "2,00" + NNBSP + "% des requêtes", "vidéo", "texte");
    }

    @Test
    @DisplayName("French, against a baseline: the comparison in French, the rebound above 100 % called Jevons' paradox")
    void frenchComparison() throws Exception {
        Document dom = parse(render(ReportFixtures.withComparison(true), Lang.FR));
        assertThat(texts(dom, "//h2")).startsWith("Notes pour l'animation", "Face à son scénario de référence");
        assertThat(texts(dom, "//section[@id='comparison']/h3"))
                .containsExactly("Totaux sur toute la simulation", "Période par période");
        assertThat(rowCells(dom, "//table[@class='comparison-totals']/tbody/tr[1]"))
                .containsExactly(
                        "Requêtes", "3" + NNBSP + "000", "2" + NNBSP + "200", "+800", "1,36" + NNBSP + "×", "requêtes");
        assertThat(rowCells(dom, "//table[@class='comparison-periods']/tbody/tr[2]"))
                .containsExactly(
                        "2",
                        "2 janv. 2025",
                        "2" + NNBSP + "000",
                        "1" + NNBSP + "200",
                        "1,50",
                        "2,00",
                        "3,00",
                        "2,40",
                        "200" + NNBSP + "%|PARADOXE DE JEVONS");
        String text = text(dom, "//body"); // the style sheet names its .backfire class
        assertThat(text)
                .contains("soit plus que toute l'économie (paradoxe de Jevons)")
                .doesNotContain(ENGLISH_HEADINGS.toArray(String[]::new))
                .doesNotContain("BACKFIRE", "RE vs baseline", "B, its baseline");
        assertThat(texts(dom, "//*[@id='chart-compare-energy-per-day']//*[@class='end-label']"))
                .containsExactlyInAnyOrder("A 3,00", "B (référence) 2,40");
    }

    @Test
    @DisplayName(
            "French, the rarer paths: crossover reached, ledger not matching, an axis in milliards, no equivalences")
    void frenchRarerPaths() throws Exception {
        ObjectNode summary = ReportFixtures.twoPeriods();
        ((ObjectNode) summary.get("training")).put("inference_overtakes_training_at", "2025-01-02T13:13:23.668Z");
        ((ObjectNode) summary.get("ledger")).put("matches", false);
        ((ObjectNode) summary.get("periods").get(1)).put("requests_per_day", 2.5e9);
        summary.remove("equivalences");
        summary.remove("by_region");
        Document dom = parse(render(summary, Lang.FR));
        assertThat(text(dom, "//section[@id='training']"))
                .contains("a rattrapé celui de l'entraînement le 2 janv. 2025, 13 h 13 UTC");
        assertThat(text(dom, "//section[@id='ledger']")).contains("NE CONCORDENT PAS avec le registre");
        assertThat(text(dom, "//*[@id='chart-requests-per-day']")).contains("requêtes par jour, en milliards");
        assertThat(text(dom, "//section[@id='equivalences']")).contains("Aucune équivalence dans cette synthèse.");
        assertThat(text(dom, "//section[@id='by-region']")).contains("Aucune donnée dans cette synthèse.");
        assertThat(text(dom, "//section[@id='rebound-picture']/p")).contains("multiplié par 2,50 millions");
    }

    @Test
    @DisplayName("English stays English: <html lang=\"en\">, no French heading")
    void englishReport() throws Exception {
        String html = render(ReportFixtures.withComparison(true), Lang.EN);
        Document dom = parse(html);
        assertThat(dom.getDocumentElement().getAttribute("lang")).isEqualTo("en");
        assertThat(texts(dom, "//h2"))
                .contains("Facilitator's notes", "Against its baseline", "Totals with uncertainty");
        assertThat(dom.getDocumentElement().getTextContent())
                .doesNotContain(
                        "Notes pour l'animation",
                        "Totaux et incertitude",
                        "Périodes et effet rebond",
                        "paradoxe de Jevons",
                        "PARADOXE DE JEVONS");
        // the default is English: the three-argument call writes the same page
        Path file = dir.resolve("default.html");
        ReportWriter.writeHtml(ReportFixtures.withComparison(true), MALICIOUS_TITLE, NARRATIVE, file);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(html);
    }

    @Test
    @DisplayName("the CSV: French column names, the same columns and the same figures as in English")
    void csvInBothLanguages() throws Exception {
        for (ObjectNode summary : List.of(ReportFixtures.twoPeriods(), ReportFixtures.withComparison(true))) {
            List<String> english = csv(summary, Lang.EN);
            List<String> french = csv(summary, Lang.FR);
            List<String> englishHeader = Arrays.asList(english.get(0).split(","));
            List<String> frenchHeader = Arrays.asList(french.get(0).split(","));
            assertThat(frenchHeader)
                    .hasSameSizeAs(englishHeader)
                    .doesNotHaveDuplicates()
                    .startsWith("debut", "fin", "jours", "requetes", "requetes_par_jour")
                    .contains(
                            "energie_site_kwh_par_jour_centrale",
                            "eau_l_par_jour_haute",
                            "wh_par_requete_p95",
                            "effet_rebond",
                            "paradoxe_jevons",
                            "decomposition_rebond_kwh_par_jour")
                    .allSatisfy(column -> assertThat(column).matches("[a-z0-9_]+"));
            assertThat(frenchHeader).doesNotContainAnyElementsOf(englishHeader.subList(0, 5));
            assertThat(french.subList(1, french.size())).isEqualTo(english.subList(1, english.size()));
        }
        List<String> baseline = Arrays.asList(
                csv(ReportFixtures.withComparison(true), Lang.FR).get(0).split(","));
        assertThat(baseline).endsWith("effet_rebond_vs_reference", "paradoxe_jevons_vs_reference");
        assertThat(baseline).contains("b_energie_site_kwh_par_jour_centrale");
    }

    // ------------------------------------------------------------------ helpers

    private String render(ObjectNode summary, Lang lang) throws Exception {
        Path file = dir.resolve("report-" + lang.code() + "-" + System.nanoTime() + ".html");
        ReportWriter.writeHtml(summary, MALICIOUS_TITLE, NARRATIVE, lang, file);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private List<String> csv(ObjectNode summary, Lang lang) throws Exception {
        Path file = dir.resolve("periods-" + lang.code() + "-" + System.nanoTime() + ".csv");
        ReportWriter.writePeriodsCsv(summary, lang, file);
        return Arrays.asList(Files.readString(file, StandardCharsets.UTF_8).split("\r\n"));
    }

    private static Properties load(String resource) throws Exception {
        Properties properties = new Properties();
        try (var in = ReportLanguagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    private static Set<String> placeholders(String sentence) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(sentence);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setExpandEntityReferences(false);
        factory.setCoalescing(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static String text(Document dom, String xpath) throws Exception {
        NodeList found = nodes(dom, xpath);
        assertThat(found.getLength()).as(xpath).isPositive();
        return found.item(0).getTextContent();
    }

    private static NodeList nodes(Document dom, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, dom, XPathConstants.NODESET);
    }

    /** Each match's non-blank text nodes, stripped and joined by "|". */
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

    private static List<String> rowCells(Document dom, String rowXpath) throws Exception {
        return texts(dom, rowXpath + "/*");
    }

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
}
