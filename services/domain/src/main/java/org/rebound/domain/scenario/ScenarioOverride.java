package org.rebound.domain.scenario;

/**
 * {@code --set key.path=value}: a value given on the command line in place of the file's. The
 * value is YAML ({@code 2e6}, {@code poisson}, {@code {low: 1, central: 2, high: 3}}), validated
 * exactly like the file.
 */
public record ScenarioOverride(String path, String value) {

    /** @throws ValueSyntaxException when the text has no {@code =} or no path */
    public static ScenarioOverride parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new ValueSyntaxException(ProblemText.say("set.syntax", "text", text));
        }
        return new ScenarioOverride(
                text.substring(0, eq).trim(), text.substring(eq + 1).trim());
    }

    @Override
    public String toString() {
        return path + "=" + value;
    }
}
