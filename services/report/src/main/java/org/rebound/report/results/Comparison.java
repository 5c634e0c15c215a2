package org.rebound.report.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A summary's {@code comparison} (compare A B, or a run with its baseline), typed for reading:
 * the two runs, their titles, the paired totals and periods, and B's whole summary. Read with
 * {@link RunResults#typedComparison()}; the summary itself keeps the tree (see {@link RunResults}).
 * Parts a later version adds are ignored here rather than refused.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Comparison(
        @JsonProperty("a") String a,
        @JsonProperty("b") String b,
        @JsonProperty("a_title") String aTitle,
        @JsonProperty("b_title") String bTitle,
        @JsonProperty("b_is_baseline_of_a") boolean bIsBaselineOfA,
        @JsonProperty("totals") Map<String, Pair> totals,
        @JsonProperty("periods") List<PeriodPair> periods,
        @JsonProperty("b_summary") JsonNode bSummary) {

    public Comparison {
        totals = totals == null ? Map.of() : totals;
        periods = periods == null ? List.of() : periods;
    }

    /** The pair of totals of one field ("requests", "facility_energy_kwh", "sci_gco2e_per_request"…), or null. */
    public Pair total(String field) {
        return totals.get(field);
    }

    /** A and B of one figure (central), their difference (A − B) and ratio (A / B, null when B is zero). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pair(
            @JsonProperty("a") double a,
            @JsonProperty("b") double b,
            @JsonProperty("difference") Double difference,
            @JsonProperty("ratio") Double ratio) {

        /** A − B as written, or computed when the summary does not carry it. */
        public double differenceOrComputed() {
            return difference != null ? difference : a - b;
        }
    }

    /** One period of A beside the same period of B (matched by their order), and against a baseline its RE. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PeriodPair(
            @JsonProperty("start") String start,
            @JsonProperty("requests_per_day") Pair requestsPerDay,
            @JsonProperty("wh_per_request") Pair whPerRequest,
            @JsonProperty("energy_kwh_per_day") Pair energyKwhPerDay,
            @JsonProperty("rebound_effect_vs_baseline") Double reboundEffectVsBaseline,
            @JsonProperty("backfire") Boolean backfire) {

        /** Whether this period's RE against the baseline is above 100 % (false when not stated). */
        public boolean backfires() {
            return Boolean.TRUE.equals(backfire);
        }
    }
}
