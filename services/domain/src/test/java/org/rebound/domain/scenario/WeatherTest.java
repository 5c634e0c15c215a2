package org.rebound.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.text.Lang;

/** A region's {@code weather} and a data centre's {@code cooling}: read, refused where wrong (located), changeable. */
@DisplayName("scenario: a region's weather and a data centre's cooling")
class WeatherTest {

    static final String BASE = """
            name: hot
            title: "A hot region"
            clock: {start: 2025-07-01T00:00:00Z, end: 2025-07-02T00:00:00Z, tick: 1h}
            regions:
              US-TX:
                utc_offset_hours: -6
                weather:
                  monthly_mean_c: [11.2, 13.4, 17.1, 20.9, 24.9, 28.4, 29.9, 30.3, 27.1, 22.0, 16.1, 12.0]
                  daily_amplitude_c: 5.9
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - id: austin-1
                region: US-TX
                pue: 1.057
                wue_l_per_kwh: 0.35
                share: 0.5
                cooling: {above_c: 10, pue_per_c: 0.0038, wue_per_c: 0.018}
              - id: paris-1
                region: FR
                pue: 1.1
                wue_l_per_kwh: 0.5
                share: 0.5
            kinds:
              chat: {energy_wh: 0.3}
            workload: {requests_per_day: 1000, mix: {chat: 1}}
            """;

    private static List<String> problems(String yaml, Lang lang) {
        try {
            ScenarioLoader.parse(yaml, "s.yaml");
        } catch (ScenarioException e) {
            return e.problems().stream().map(p -> p.toString(lang)).toList();
        }
        throw new AssertionError("expected the scenario to be rejected");
    }

    @Test
    @DisplayName("reads the monthly means, the amplitude, the anomaly (0 when left out) and the cooling")
    void reads() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE, "s.yaml");
        Weather w = s.regions().get("US-TX").weather();
        assertThat(w.monthlyMeanC()).hasSize(12).startsWith(11.2, 13.4).endsWith(12.0);
        assertThat(w.dailyAmplitudeC()).isEqualTo(5.9);
        assertThat(w.anomalyC()).isZero();
        assertThat(s.datacentres().get(0).cooling()).isEqualTo(new Cooling(10, 0.0038, 0.018));
        assertThat(s.regions().get("FR").weather())
                .as("a region without weather")
                .isNull();
        assertThat(s.datacentres().get(1).cooling())
                .as("a data centre without cooling")
                .isNull();
    }

    @Test
    @DisplayName("every wrong value is located: a month missing, a temperature, the amplitude, the anomaly, the slopes")
    void refusals() {
        String bad = BASE.replace("24.9, 28.4, ", "24.9, ")
                .replace("daily_amplitude_c: 5.9", "daily_amplitude_c: -2\n      anomaly_c: 45")
                .replace("pue_per_c: 0.0038, wue_per_c: 0.018", "pue_per_c: -0.01, wue_per_c: 5");
        assertThat(problems(bad, Lang.EN))
                .containsExactly(
                        "s.yaml:8: regions.US-TX.weather.monthly_mean_c: expected 12 monthly mean temperatures in °C,"
                                + " January first, found 11 numbers",
                        "s.yaml:9: regions.US-TX.weather.daily_amplitude_c: expected a daily amplitude from 0 to 30 °C"
                                + " (half the difference between the day's high and low), found -2.0",
                        "s.yaml:10: regions.US-TX.weather.anomaly_c: expected an anomaly from -30 to 30 °C (added to"
                                + " every hour), found 45.0",
                        "s.yaml:18: datacentres.austin-1.cooling.pue_per_c: expected a PUE increase per °C from 0 to"
                                + " 0.1, found -0.01",
                        "s.yaml:18: datacentres.austin-1.cooling.wue_per_c: expected an on-site WUE increase per °C"
                                + " from 0 to 2 L/kWh, found 5.0");
        assertThat(problems(BASE.replace("28.4, 29.9", "28.4, 299"), Lang.EN))
                .containsExactly("s.yaml:8: regions.US-TX.weather.monthly_mean_c[6]: expected a temperature from -90"
                        + " to 60 °C, found 299.0");
        assertThat(problems(BASE.replace("{above_c: 10, ", "{"), Lang.EN))
                .containsExactly("s.yaml:17: datacentres.austin-1.cooling: missing required key 'above_c'");
    }

    @Test
    @DisplayName("cooling on a region without weather is refused, in English and in French")
    void coolingNeedsWeather() {
        String bad = BASE.replace(
                "    wue_l_per_kwh: 0.5\n    share: 0.5\n",
                "    wue_l_per_kwh: 0.5\n    share: 0.5\n    cooling: {above_c: 10, pue_per_c: 0.004}\n");
        assertThat(problems(bad, Lang.EN))
                .containsExactly("s.yaml:23: datacentres.paris-1.cooling: expected a weather for the region 'FR'"
                        + " (regions.FR.weather), which the cooling follows, found none");
        assertThat(problems(bad, Lang.FR))
                .containsExactly("s.yaml:23: datacentres.paris-1.cooling: une météo de la région «\u00a0FR\u00a0»"
                        + " (regions.FR.weather), que suit le refroidissement, était attendue, trouvé\u00a0: aucune");
    }

    @Test
    @DisplayName("a change may set the anomaly (a heatwave) or a slope like any other value")
    void changeable() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE, "s.yaml");
        Scenario after = ScenarioLoader.stateAfter(
                s.text(),
                List.of(new ScenarioChange(
                        s.clock().start(),
                        Map.of(
                                "regions.US-TX.weather.anomaly_c", "4",
                                "datacentres.austin-1.cooling.wue_per_c", "0.13"),
                        null,
                        "test")),
                true);
        assertThat(after.regions().get("US-TX").weather().anomalyC()).isEqualTo(4);
        assertThat(after.datacentres().get(0).cooling().wuePerC()).isEqualTo(0.13);
    }
}
