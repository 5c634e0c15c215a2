package org.rebound.domain.scenario;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human durations and speeds of the scenario format: {@code 30s, 5m, 1h, 1d, 7d, 1w, 365d, 1y}
 * (a year is 365 days), and speeds {@code <duration>/s} (simulated time per wall-clock second)
 * or {@code max}.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w|y)");
    public static final String DURATION_EXPECTED = "a duration such as 30s, 5m, 1h, 1d, 7d or 1y";
    public static final String SPEED_EXPECTED = "\"max\" or simulated time per second such as 1h/s or 30d/s";

    private Durations() {}

    /** @throws IllegalArgumentException with {@link #DURATION_EXPECTED} when the text is not a positive duration */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected " + DURATION_EXPECTED + ", found '" + text + "'");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = amount
                * switch (m.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    case "d" -> 86_400_000;
                    case "w" -> 7 * 86_400_000.0;
                    case "y" -> 365 * 86_400_000.0;
                    default -> throw new IllegalStateException(m.group(2));
                };
        if (millis < 1) {
            throw new IllegalArgumentException(
                    "expected " + DURATION_EXPECTED + " of at least 1 ms, found '" + text + "'");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** The shortest human form of a duration: 1d, 36h, 90m, 45s, 250ms. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /**
     * Simulated seconds per wall-clock second; {@link Clock#MAX_SPEED} for "max".
     *
     * @throws ValueSyntaxException with {@link #SPEED_EXPECTED} (problem {@code speed.expected}) otherwise
     */
    public static double parseSpeed(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equals("max")) {
            return Clock.MAX_SPEED;
        }
        if (!trimmed.endsWith("/s")) {
            throw new ValueSyntaxException(ProblemText.say("speed.expected", "text", text));
        }
        try {
            return parseDuration(trimmed.substring(0, trimmed.length() - 2)).toMillis() / 1000.0;
        } catch (IllegalArgumentException e) {
            throw new ValueSyntaxException(ProblemText.say("speed.expected", "text", text));
        }
    }
}
