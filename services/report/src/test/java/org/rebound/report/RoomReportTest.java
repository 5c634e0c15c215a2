package org.rebound.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.text.Lang;

@DisplayName("a workshop's closing page: the teams side by side, in each language")
class RoomReportTest {

    private static final List<RoomReport.Team> TEAMS = List.of(
            new RoomReport.Team(1, 48_000, 17.28, 0.97, 63.4, null, List.of()),
            new RoomReport.Team(2, 61_000, 21.96, 1.23, 80.6, 1.35, List.of("facility_energy_kwh")));

    @Test
    @DisplayName("English and French: <html lang>, every team, who met the target, the language's numbers")
    void bothLanguages() {
        String en = RoomReport.render(Lang.EN, "Three <teams>", TEAMS, Map.of("facility_energy_kwh", 17.5));
        assertThat(en)
                .contains("<html lang=\"en\">")
                .contains("Three &lt;teams&gt;")
                .contains("Team 1")
                .contains("Team 2")
                .contains("48,000")
                .contains("135 %")
                .contains("over on facility_energy_kwh")
                .contains("facility_energy_kwh ≤ 17.5");
        String fr = RoomReport.render(Lang.FR, "Trois équipes", TEAMS, Map.of("facility_energy_kwh", 17.5));
        assertThat(fr)
                .contains("<html lang=\"fr\">")
                .contains("Équipe 2")
                .contains("48\u202F000")
                .contains("dépassé")
                .contains("Effet rebond")
                .doesNotContain("Team 2")
                .doesNotContain("over on")
                .doesNotContain("Rebound effect");
        String none = RoomReport.render(Lang.EN, "No targets", TEAMS, Map.of());
        assertThat(none).doesNotContain("Targets (central").doesNotContain("<td>met</td>");
    }
}
