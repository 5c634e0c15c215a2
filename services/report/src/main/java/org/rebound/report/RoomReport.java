package org.rebound.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rebound.domain.text.Lang;

/**
 * A workshop's closing page ({@code rebound room --report}): every team's totals side by side,
 * its rebound effect and, with targets, whether it kept under them. One self-contained file.
 */
public final class RoomReport {

    /** One team's line: central values; {@code reboundEffect} null when efficiency never improved; {@code missed} null without targets. */
    public record Team(
            int number,
            long requests,
            double facilityEnergyKwh,
            double co2eKg,
            double waterL,
            Double reboundEffect,
            List<String> missed) {}

    private RoomReport() {}

    public static void write(Path file, Lang lang, String title, List<Team> teams, Map<String, Double> targets)
            throws IOException {
        Files.writeString(file, render(lang, title, teams, targets), StandardCharsets.UTF_8);
    }

    static String render(Lang lang, String title, List<Team> teams, Map<String, Double> targets) {
        ReportText text = ReportText.of(lang);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("lang", lang.code());
        page.put("title", title);
        page.put("style", Templates.css());
        page.put("t", Templates.messages(text.messages));
        page.put("hasTargets", !targets.isEmpty());
        List<Map<String, Object>> targetRows = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Double> target : targets.entrySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("quantity", target.getKey());
            row.put("max", text.numbers.sig3(target.getValue()));
            row.put("last", ++i == targets.size());
            targetRows.add(row);
        }
        page.put("targets", targetRows);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Team team : teams) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", text.messages.text("room.team", "team", team.number()));
            row.put("requests", text.numbers.count(team.requests()));
            row.put("energy", text.numbers.sig3(team.facilityEnergyKwh()));
            row.put("co2e", text.numbers.sig3(team.co2eKg()));
            row.put("water", text.numbers.sig3(team.waterL()));
            row.put("re", team.reboundEffect() == null ? "–" : text.numbers.percent(team.reboundEffect()));
            row.put("hasTargets", !targets.isEmpty());
            row.put(
                    "verdict",
                    team.missed() == null || team.missed().isEmpty()
                            ? text.messages.text("room.met")
                            : text.messages.text("room.missed", "quantities", String.join(", ", team.missed())));
            rows.add(row);
        }
        page.put("teams", rows);
        return Templates.renderRoom(page);
    }
}
