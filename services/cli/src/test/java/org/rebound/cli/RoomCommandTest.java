package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.broker.testing.SharedBroker;

/** {@code rebound room}: teams on one broker and one aggregator, each moving its own run only. */
@DisplayName("a workshop room: teams side by side, each with its own sliders")
class RoomCommandTest {

    static final String SCENARIO = """
            name: room-test
            title: {en: "Three teams", fr: "Trois équipes"}
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 1h, speed: 4h/s, period: 1d}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 1}
            kinds:
              text: {energy_wh: 0.3}
            workload: {requests_per_day: 24000, arrival: exact, mix: {text: 1.0}}
            """;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> set(String pageUrl, String key, String body) throws Exception {
        URI page = URI.create(pageUrl);
        HttpRequest.Builder request = HttpRequest.newBuilder(page.resolve("/api/set"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName(
            "3 teams end to end: each team's key changes its own run only, the others' keys are refused, the table and summary compare them")
    void threeTeams() throws Exception {
        Path scenario = Files.writeString(dir.resolve("room.yaml"), SCENARIO);
        Path summary = dir.resolve("room.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> room = CompletableFuture.supplyAsync(() -> Rebound.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "room",
                scenario.toString(),
                "--teams",
                "3",
                "--exit-when-done",
                "--target",
                "facility_energy_kwh=17.5",
                "--bootstrap",
                SharedBroker.bootstrapServers(),
                "--summary",
                summary.toString(),
                "--report",
                dir.resolve("room.html").toString()));

        Pattern team = Pattern.compile("team (\\d): (http://\\S+/)\\?key=(\\S+) ");
        List<String[]> pages = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (pages.size() < 3 && System.nanoTime() < deadline && !room.isDone()) {
            pages.clear();
            Matcher m = team.matcher(out.toString());
            while (m.find()) {
                pages.add(new String[] {m.group(2), m.group(3)});
            }
            Thread.sleep(100);
        }
        assertThat(pages).as(out + "\n" + err).hasSize(3);
        assertThat(out.toString()).contains("room: http://");

        // wait for the runs to have started (the run ids printed), then team 2 doubles its demand
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString().contains("run id (team 3)") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String doubled = "{\"set\": {\"workload.requests_per_day\": 48000}, \"note\": \"team 2 doubles\"}";
        assertThat(set(pages.get(0)[0], pages.get(1)[1], doubled).statusCode())
                .as("team 2's key on team 1's page")
                .isEqualTo(403);
        assertThat(set(pages.get(1)[0], null, doubled).statusCode())
                .as("no key")
                .isEqualTo(403);
        // until the team's generator has published its run (a second or so after its id is printed): 404
        HttpResponse<String> accepted = set(pages.get(1)[0], pages.get(1)[1], doubled);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (accepted.statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            accepted = set(pages.get(1)[0], pages.get(1)[1], doubled);
        }
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("team-2");

        assertThat(room.get(180, TimeUnit.SECONDS)).as(err.toString()).isZero();
        JsonNode teams =
                new ObjectMapper().readTree(summary.toFile()).path("room").path("teams");
        assertThat(teams).hasSize(3);
        long one = teams.get(0).path("requests").asLong();
        long two = teams.get(1).path("requests").asLong();
        long three = teams.get(2).path("requests").asLong();
        assertThat(one).as("an unchanged team: 2 days × 24,000").isEqualTo(48_000);
        assertThat(three).as("team 3 untouched by team 2's change").isEqualTo(one);
        assertThat(two).as("team 2 doubled part of the way").isGreaterThan(one);
        for (JsonNode t : teams) {
            assertThat(t.path("summary").path("ledger").path("matches").asBoolean())
                    .as("team " + t.path("team"))
                    .isTrue();
        }
        // 48,000 requests × 0.3 Wh × PUE 1.2 = 17.28 kWh: teams 1 and 3 under the ceiling, team 2 over
        assertThat(teams.get(0).path("facility_energy_kwh").asDouble())
                .isCloseTo(17.28, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(teams.get(0).path("met_targets").asBoolean()).isTrue();
        assertThat(teams.get(1).path("met_targets").asBoolean()).isFalse();
        assertThat(teams.get(1).path("missed").get(0).asText()).isEqualTo("facility_energy_kwh");
        assertThat(out.toString())
                .containsPattern("team 1 +48,000 .* met")
                .containsPattern("team 2 .* over on facility_energy_kwh")
                .containsPattern("team 3 +48,000 .* met");
        String report = Files.readString(dir.resolve("room.html"));
        assertThat(report)
                .contains("<html lang=\"en\">")
                .contains("Three teams")
                .contains("Team 2")
                .contains("over on facility_energy_kwh")
                .contains("48,000");
    }

    @Test
    @DisplayName("bad room options: a sentence and exit 2, before anything starts")
    void badOptions() throws Exception {
        Path scenario = Files.writeString(dir.resolve("room.yaml"), SCENARIO);
        StringWriter err = new StringWriter();
        int one = Rebound.execute(
                new PrintWriter(new StringWriter()), new PrintWriter(err), "room", scenario.toString(), "--teams", "1");
        assertThat(one).isEqualTo(2);
        assertThat(err.toString()).contains("--teams: expected a number of teams from 2 to 12, found 1");
        StringWriter err2 = new StringWriter();
        int target = Rebound.execute(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err2),
                "room",
                scenario.toString(),
                "--teams",
                "2",
                "--target",
                "co2=5");
        assertThat(target).isEqualTo(2);
        assertThat(err2.toString())
                .contains("--target: expected one of facility_energy_kwh, co2e_kg, water_l, found 'co2'");
    }
}
