package org.rebound.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.rebound.domain.text.Lang;
import org.rebound.report.results.Results;

/**
 * The shareable report an educator sends to the class after a run, written from the run's
 * summary JSON ({@code Summary.json()} or the file of {@code --summary}).
 */
public final class ReportWriter {

    private ReportWriter() {}

    /**
     * Writes one self-contained HTML file (no network access needed to open it: inline CSS and
     * inline SVG charts, no external scripts, fonts or images).
     *
     * @param summary   the run's summary
     * @param title     the scenario's title (shown as text: it is escaped); the scenario's name if null or blank
     * @param narrative the facilitator's notes, Markdown (CommonMark; raw HTML is shown as text); may be null
     * @param file      the HTML file to write (UTF-8); missing parent folders are created
     */
    public static void writeHtml(JsonNode summary, String title, String narrative, Path file) throws IOException {
        writeHtml(summary, title, narrative, Lang.EN, file);
    }

    /**
     * {@link #writeHtml(JsonNode, String, String, Path)} in {@code lang}: {@code <html lang="fr">},
     * French headings, prose, chart labels, numbers (1 234,5) and dates (1 janv. 2025). The title
     * and the notes are shown as given: pass the scenario's own in that language
     * ({@code Scenario.title(lang)}, {@code Scenario.narrative(lang)}).
     */
    public static void writeHtml(JsonNode summary, String title, String narrative, Lang lang, Path file)
            throws IOException {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(lang, "lang");
        write(file, HtmlReport.render(summary, title, narrative, lang));
    }

    /**
     * Writes the period table as CSV (RFC 4180, header row, one row per period; columns with units
     * in their names: start, end, days, requests, requests_per_day, then for each quantity
     * {@code <quantity>_per_day_central|low|high} (e.g. facility_energy_kwh_per_day_central),
     * wh_per_request_central|low|high, rebound_effect (a fraction, 1 = 100 %; empty where none), backfire;
     * with a comparison, then B's columns prefixed {@code b_} and, against a baseline,
     * rebound_effect_vs_baseline and backfire_vs_baseline).
     */
    public static void writePeriodsCsv(JsonNode summary, Path file) throws IOException {
        writePeriodsCsv(summary, Lang.EN, file);
    }

    /**
     * {@link #writePeriodsCsv(JsonNode, Path)} with its column names in {@code lang} (French:
     * {@code debut, fin, jours, requetes, energie_site_kwh_par_jour_centrale…}); the figures are written
     * the same way in every language (full numbers, a decimal point), for any spreadsheet or script.
     */
    public static void writePeriodsCsv(JsonNode summary, Lang lang, Path file) throws IOException {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(lang, "lang");
        write(file, PeriodsCsv.render(Results.read(summary), lang));
    }

    private static void write(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
