package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

    /**
     * Halving the energy per request at noon on the first day with elasticity 1 doubles the demand:
     * 12 h at 24,000 a day then 36 h at 48,000 a day (84,000 requests), the same 17.28 kWh as
     * without the change, and a rebound effect of exactly 100 % from the second period on. The file
     * sets two targets; the test's --target replaces its energy one.
     */
    static final String SCENARIO = """
            name: room-test
            title: {en: "Three teams", fr: "Trois équipes"}
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 1h, speed: 2h/s, period: 12h}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 1}
            kinds:
              text: {energy_wh: 0.3}
            workload: {requests_per_day: 24000, arrival: exact, mix: {text: 1.0}, elasticity: 1}
            timeline:
              - {at: 2025-01-01T12:00:00Z, set: {kinds.text.energy_factor: 0.5}, note: "half the energy per answer"}
            room:
              targets: {facility_energy_kwh: 1, co2e_kg: 1000}
            """;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String url, String key, String body) throws Exception {
        return post(url, key, body, "application/json", null);
    }

    private HttpResponse<String> post(String url, String key, String body, String contentType, String origin)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode state(String url) throws Exception {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    @DisplayName(
            "3 teams end to end on one address: /team/2 with team 2's key moves run 2 only, team 3's key there is 403, "
                    + "the room's feed carries the teams' totals, rebound effect and targets (the file's, one replaced by --target) "
                    + "and the facilitator's hidden figures; the table and summary compare them")
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

        Pattern team = Pattern.compile("team (\\d): (http://\\S+/team/\\d)\\?key=(\\S+) ");
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
        Matcher roomLine = Pattern.compile("room: (http://\\S+/) ").matcher(out.toString());
        assertThat(roomLine.find()).as(out.toString()).isTrue();
        String base = roomLine.group(1);
        Matcher facilitatorLine =
                Pattern.compile("facilitator: (http://\\S+/)\\?key=(\\S+) ").matcher(out.toString());
        assertThat(facilitatorLine.find()).as(out.toString()).isTrue();
        assertThat(facilitatorLine.group(1)).isEqualTo(base);
        String facilitator = facilitatorLine.group(2);
        // one address: every team's page under the room's
        for (int k = 0; k < 3; k++) {
            assertThat(pages.get(k)[0]).isEqualTo(base + "team/" + (k + 1));
        }
        assertThat(pages.stream().map(p -> p[1]).distinct())
                .as("a key per team")
                .hasSize(3)
                .doesNotContain(facilitator);
        assertThat(out.toString()).contains("targets: facility_energy_kwh ≤ 17.5, co2e_kg ≤ 1,000");
        HttpResponse<String> teamPage = get(pages.get(1)[0]);
        assertThat(teamPage.statusCode()).isEqualTo(200);
        assertThat(teamPage.body()).contains("/app.js");
        assertThat(get(base + "team/4").statusCode()).as("no team 4").isEqualTo(404);

        // wait for the runs to have started (the run ids printed), then team 2 doubles its demand
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString().contains("run id (team 3)") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String doubled = "{\"set\": {\"workload.requests_per_day\": 48000}, \"note\": \"team 2 doubles\"}";
        String setTwo = pages.get(1)[0] + "/api/set";
        assertThat(post(setTwo, pages.get(2)[1], doubled).statusCode())
                .as("team 3's key on team 2's page")
                .isEqualTo(403);
        assertThat(post(pages.get(0)[0] + "/api/set", pages.get(1)[1], doubled).statusCode())
                .as("team 2's key on team 1's page")
                .isEqualTo(403);
        assertThat(post(setTwo, null, doubled).statusCode()).as("no key").isEqualTo(403);
        assertThat(post(setTwo, pages.get(1)[1], doubled, "text/plain", null).statusCode())
                .isEqualTo(415);
        assertThat(post(setTwo, pages.get(1)[1], doubled, "application/json", "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(base + "api/set", facilitator, doubled).statusCode())
                .as("the room's page changes no run: a change goes to a team")
                .isEqualTo(400);
        // until the team's generator has published its run (a second or so after its id is printed): 404
        HttpResponse<String> accepted = post(setTwo, pages.get(1)[1], doubled);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (accepted.statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            accepted = post(setTwo, pages.get(1)[1], doubled);
        }
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("team-2");
        // the facilitator's key moves any team (here team 3, to the value it has: its numbers stay)
        HttpResponse<String> same =
                post(pages.get(2)[0] + "/api/set", facilitator, "{\"set\": {\"workload.requests_per_day\": 24000}}");
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(same.body()).contains("team-3");

        // predict, then reveal, shared: only the facilitator hides, and every page's state says so
        String hide = "{\"hidden\": [\"energy\", \"reading\"]}";
        assertThat(post(base + "api/reveal", pages.get(0)[1], hide).statusCode())
                .as("a team's key cannot hide")
                .isEqualTo(403);
        assertThat(post(base + "api/reveal", facilitator, "{\"hidden\": [\"everything\"]}")
                        .statusCode())
                .isEqualTo(422);
        HttpResponse<String> hidden = post(base + "api/reveal", facilitator, hide);
        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(200);
        JsonNode teamTwo = state(pages.get(1)[0] + "/api/state");
        assertThat(teamTwo.path("team").asInt()).isEqualTo(2);
        assertThat(teamTwo.path("run").asText()).endsWith("-team-2");
        assertThat(teamTwo.path("reveal").path("hidden").toString()).isEqualTo("[\"energy\",\"reading\"]");
        assertThat(state(base + "api/state").path("reveal").path("hidden").toString())
                .isEqualTo("[\"energy\",\"reading\"]");

        // the room's feed: every team, with its targets (the file's co2e_kg, --target's facility_energy_kwh) and,
        // from the second period on, its rebound effect (100 %: elasticity 1 after halving the energy)
        JsonNode live = state(base + "api/state").path("room");
        assertThat(live.path("targets").toString()).isEqualTo("{\"facility_energy_kwh\":17.5,\"co2e_kg\":1000.0}");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline
                && live.path("teams").findValues("rebound_effect").stream().anyMatch(JsonNode::isNull)) {
            Thread.sleep(200);
            live = state(base + "api/state").path("room");
        }
        assertThat(live.path("teams")).hasSize(3);
        for (int k = 0; k < 3; k++) {
            JsonNode row = live.path("teams").get(k);
            assertThat(row.path("team").asInt()).isEqualTo(k + 1);
            assertThat(row.path("run").asText()).endsWith("-team-" + (k + 1));
            assertThat(row.path("requests").asLong()).isPositive();
            assertThat(row.path("rebound_effect").asDouble()).as(row.toString()).isCloseTo(1.0, within(1e-6));
            assertThat(row.path("targets").path("co2e_kg").path("met").asBoolean())
                    .isTrue();
            assertThat(row.path("targets")
                            .path("facility_energy_kwh")
                            .path("max")
                            .asDouble())
                    .isEqualTo(17.5);
            assertThat(row.has("met_targets")).isTrue();
        }

        assertThat(room.get(180, TimeUnit.SECONDS)).as(err.toString()).isZero();
        JsonNode summaryRoom = new ObjectMapper().readTree(summary.toFile()).path("room");
        assertThat(summaryRoom.path("targets").toString())
                .isEqualTo("{\"facility_energy_kwh\":17.5,\"co2e_kg\":1000.0}");
        JsonNode teams = summaryRoom.path("teams");
        assertThat(teams).hasSize(3);
        long one = teams.get(0).path("requests").asLong();
        long two = teams.get(1).path("requests").asLong();
        long three = teams.get(2).path("requests").asLong();
        assertThat(one)
                .as("an unchanged team: 12 h at 24,000 a day, 36 h at 48,000")
                .isEqualTo(84_000);
        assertThat(three).as("team 3 untouched by team 2's change").isEqualTo(one);
        assertThat(two).as("team 2 doubled part of the way").isGreaterThan(one);
        for (JsonNode t : teams) {
            assertThat(t.path("summary").path("ledger").path("matches").asBoolean())
                    .as("team " + t.path("team"))
                    .isTrue();
        }
        // 12,000 × 0.36 Wh + 72,000 × 0.18 Wh = 17.28 kWh: teams 1 and 3 under the ceiling, team 2 over
        assertThat(teams.get(0).path("facility_energy_kwh").asDouble())
                .isCloseTo(17.28, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(teams.get(0).path("rebound_effect").asDouble()).isCloseTo(1.0, within(1e-6));
        assertThat(teams.get(0).path("met_targets").asBoolean()).isTrue();
        assertThat(teams.get(1).path("met_targets").asBoolean()).isFalse();
        assertThat(teams.get(1).path("missed").get(0).asText()).isEqualTo("facility_energy_kwh");
        assertThat(out.toString())
                .containsPattern("team 1 +84,000 .* met")
                .containsPattern("team 2 .* over on facility_energy_kwh")
                .containsPattern("team 3 +84,000 .* met");
        String report = Files.readString(dir.resolve("room.html"));
        assertThat(report)
                .contains("<html lang=\"en\">")
                .contains("Three teams")
                .contains("Team 2")
                .contains("over on facility_energy_kwh")
                .contains("84,000");
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
