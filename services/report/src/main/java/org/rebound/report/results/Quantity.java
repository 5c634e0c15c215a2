package org.rebound.report.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.rebound.domain.LikelyRange;
import org.rebound.domain.Range;

/**
 * One uncertain figure: its bounds ({@code low}, {@code high}), its central value, and its likely
 * range ({@code p5}, {@code p95}: null where the aggregate has none, written as JSON null). The
 * bounds and the central value are required: a summary without them is an error, not a zero.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Quantity(
        @JsonProperty(value = "low", required = true) double low,
        @JsonProperty("p5") Double p5,
        @JsonProperty(value = "central", required = true) double central,
        @JsonProperty("p95") Double p95,
        @JsonProperty(value = "high", required = true) double high) {

    /** A range of the domain as written in the summary: p5 and p95 null when it has no likely range. */
    public static Quantity of(Range range) {
        LikelyRange likely = range.likely();
        return new Quantity(
                range.low(),
                likely == null ? null : likely.p5(),
                range.central(),
                likely == null ? null : likely.p95(),
                range.high());
    }

    /** The bound or percentile by its JSON name (low, p5, central, p95, high); null for a missing percentile. */
    public Double bound(String name) {
        return switch (name) {
            case "low" -> low;
            case "p5" -> p5;
            case "central" -> central;
            case "p95" -> p95;
            case "high" -> high;
            default -> throw new IllegalArgumentException("no bound " + name);
        };
    }
}
