package org.rebound.domain.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rebound.domain.text.Lang;

/**
 * A validated scenario file (format v1, docs/scenarios.md). Every instance is valid: the
 * loader checks every rule before building one. Maps keep the file's order. {@code training} is
 * null when the scenario has none; {@code timeline} is empty in the states it holds. {@code title}
 * and {@code narrative} are the English (or only) texts; {@code titles} and {@code narratives} hold
 * the file's texts per language ({@code title: {en: …, fr: …}}), empty for a plain string.
 * {@code roomTargets} are the ceilings of {@code room.targets} (quantity to maximum, the file's
 * order), empty when the file sets none.
 */
public record Scenario(
        Path source,
        String name,
        String title,
        String narrative,
        long seed,
        Clock clock,
        Map<String, Region> regions,
        List<DataCentre> datacentres,
        Map<String, Kind> kinds,
        Workload workload,
        List<TimelineEvent> timeline,
        Training training,
        ScenarioText text,
        Map<Lang, String> titles,
        Map<Lang, String> narratives,
        Map<String, Double> roomTargets) {

    /** The quantities a room's target can bound, as the summary names them (docs/scenarios.md, "Room"). */
    public static final List<String> ROOM_TARGETS = List.of("facility_energy_kwh", "co2e_kg", "water_l");

    /** The title in {@code lang} when the file gives one in it, else {@link #title()} (the file's English or only title). */
    public String title(Lang lang) {
        return titles == null ? title : titles.getOrDefault(lang, title);
    }

    /** The narrative in {@code lang} when the file gives one in it, else {@link #narrative()}. */
    public String narrative(Lang lang) {
        return narratives == null ? narrative : narratives.getOrDefault(lang, narrative);
    }

    public Region regionOf(DataCentre dc) {
        return regions.get(dc.region());
    }

    public java.util.Optional<Training> trainingCampaign() {
        return java.util.Optional.ofNullable(training);
    }

    /** The same scenario with its timeline (states after each change). */
    public Scenario withTimeline(List<TimelineEvent> events) {
        return new Scenario(
                source,
                name,
                title,
                narrative,
                seed,
                clock,
                regions,
                datacentres,
                kinds,
                workload,
                List.copyOf(events),
                training,
                text,
                titles,
                narratives,
                roomTargets);
    }

    /** The same scenario, remembering the text it was read from (to apply changes to it later). */
    public Scenario withText(ScenarioText newText) {
        return new Scenario(
                source,
                name,
                title,
                narrative,
                seed,
                clock,
                regions,
                datacentres,
                kinds,
                workload,
                timeline,
                training,
                newText,
                titles,
                narratives,
                roomTargets);
    }
}
