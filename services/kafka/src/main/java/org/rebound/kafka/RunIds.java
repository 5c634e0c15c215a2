package org.rebound.kafka;

import java.util.Optional;
import java.util.regex.Pattern;

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

    private RunIds() {}

    /** Why {@code run} cannot be a run id, or empty when it can. */
    public static Optional<String> problem(String run) {
        if (run == null || ALLOWED.matcher(run).matches()) {
            return Optional.empty();
        }
        return Optional.of("expected a run id of " + FORM + ", found '" + run + "'");
    }
}
