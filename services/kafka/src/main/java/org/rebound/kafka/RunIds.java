package org.rebound.kafka;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.rebound.domain.scenario.Scenario;

/**
 * A run id is an opaque string: it prefixes every key of the run ({@link Keys}, joined by '/') and
 * nothing ever parses it. What a run id may be is checked where one is given (`--run`); the
 * default ids ({@code <name>@<UTC time>}) are of that form too. When a run started is kept in the
 * run's definition ({@code ScenarioDefinition.started_at}), not in its id.
 */
public final class RunIds {

    /** The characters and length a run id may have: no '/' (the key separator), no space, at most 100. */
    public static final String FORM = "1 to 100 characters among A-Z a-z 0-9 . _ : @ -";

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RunIds() {}

    /** The UTC time part of new run ids, e.g. 20251201T143000.000Z. */
    public static String stamp() {
        return STAMP.format(Instant.now());
    }

    /** A new default run id for one scenario: {@code <name>@<UTC time>}. */
    public static String newRunId(Scenario scenario) {
        return newRunIds(List.of(scenario)).get(0);
    }

    /**
     * {@code <name>@<UTC time>} for each scenario, one stamp for all (the dashboard shows runs
     * started together side by side); a name given twice gets {@code -2}, {@code -3}, ... appended.
     */
    public static List<String> newRunIds(List<Scenario> scenarios) {
        String stamp = stamp();
        List<String> runs = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            String run = scenario.name() + "@" + stamp;
            while (runs.contains(run)) {
                run = run + "-" + (runs.size() + 1);
            }
            runs.add(run);
        }
        return List.copyOf(runs);
    }

    /** Why {@code run} cannot be a run id, or empty when it can. */
    public static Optional<String> problem(String run) {
        if (run == null || ALLOWED.matcher(run).matches()) {
            return Optional.empty();
        }
        return Optional.of("expected a run id of " + FORM + ", found '" + run + "'");
    }
}
