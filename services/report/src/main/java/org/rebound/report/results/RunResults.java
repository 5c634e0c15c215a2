package org.rebound.report.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A run's results: the summary JSON (README, "What you should see") as one typed value, written
 * by the run and read by the report, the CSV and the comparison. Field names and order are the
 * summary's; required fields fail loudly when missing (no silent zero). Optional parts (training,
 * fleets, the power series, a comparison, the process figures of {@code run}) are null when absent
 * and then not written (summaries written before them still load).
 * The comparison stays a JSON tree for now (it carries B's whole summary; see {@link #comparisonB()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "scenario",
    "seed",
    "simulated",
    "requests",
    "load_events",
    "totals",
    "by_datacentre",
    "by_kind",
    "by_region",
    "sci_gco2e_per_request",
    "equivalences",
    "periods",
    "training",
    "fleets",
    "power",
    "ledger",
    "dead_letters",
    "run",
    "comparison"
})
public record RunResults(
        @JsonProperty(value = "scenario", required = true) String scenario,
        @JsonProperty(value = "seed", required = true) long seed,
        @JsonProperty(value = "simulated", required = true) Simulated simulated,
        @JsonProperty(value = "requests", required = true) long requests,

        @JsonProperty(value = "load_events", required = true)
        long loadEvents,

        @JsonProperty(value = "totals", required = true) Impacts totals,

        @JsonProperty(value = "by_datacentre", required = true)
        Map<String, Counted> byDatacentre,

        @JsonProperty(value = "by_kind", required = true) Map<String, Counted> byKind,
        @JsonProperty("by_region") Map<String, Counted> byRegion,

        @JsonProperty(value = "sci_gco2e_per_request", required = true)
        Quantity sciGco2ePerRequest,

        @JsonProperty("equivalences") Map<String, Equivalence> equivalences,
        @JsonProperty("periods") List<Period> periods,
        @JsonProperty("training") Training training,
        @JsonProperty("fleets") Map<String, Fleet> fleets,
        @JsonProperty("power") PowerSeries power,
        @JsonProperty(value = "ledger", required = true) Ledger ledger,

        @JsonProperty(value = "dead_letters", required = true)
        long deadLetters,

        @JsonProperty(value = "run", required = true) Run run,
        @JsonProperty("comparison") JsonNode comparison) {

    public RunResults {
        byRegion = byRegion == null ? Map.of() : byRegion;
        equivalences = equivalences == null ? Map.of() : equivalences;
        periods = periods == null ? List.of() : periods;
    }

    /** Whether this summary carries a comparison (compare A B, or a run with its baseline). */
    public boolean hasComparison() {
        return comparison != null && comparison.isObject();
    }

    /** B's summary when this summary carries a comparison, else null. */
    public RunResults comparisonB() {
        return !hasComparison() || !comparison.path("b_summary").isObject()
                ? null
                : Results.read(comparison.get("b_summary"));
    }

    /** This summary's comparison, typed, when it carries one; else null. */
    public Comparison typedComparison() {
        return hasComparison() ? Results.comparison(comparison) : null;
    }

    /** Whether B of the comparison is A's baseline (false without a comparison). */
    public boolean bIsBaselineOfA() {
        return comparison != null && comparison.path("b_is_baseline_of_a").asBoolean(false);
    }

    /** The simulated clock, ISO-8601 instants. */
    public record Simulated(
            @JsonProperty(value = "start", required = true) String start,
            @JsonProperty(value = "end", required = true) String end) {}

    /** The totals of one data centre, kind or region: its counts and its impacts. */
    @JsonPropertyOrder({"requests", "load_events"})
    public record Counted(
            @JsonProperty(value = "requests", required = true)
            long requests,

            @JsonProperty(value = "load_events", required = true)
            long loadEvents,

            @JsonUnwrapped Impacts impacts) {}

    /** An everyday equivalence of the totals, with its range, unit phrase and source. */
    public record Equivalence(
            @JsonUnwrapped Quantity amount,
            @JsonProperty(value = "unit", required = true) String unit,
            @JsonProperty(value = "source", required = true) String source) {}

    /**
     * One row of the period table: totals and per-day figures, energy per request, the rebound
     * effect against the in-stream counterfactual (null where efficiency did not improve), the
     * counterfactual, the cells per kind and data centre (absent in older summaries) and the
     * decomposition of the change since the first period (null for the first).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"start", "end", "days", "requests", "requests_per_day"})
    public record Period(
            @JsonProperty(value = "start", required = true) String start,
            @JsonProperty(value = "end", required = true) String end,
            @JsonProperty(value = "days", required = true) double days,

            @JsonProperty(value = "requests", required = true)
            long requests,

            @JsonProperty(value = "requests_per_day", required = true)
            double requestsPerDay,

            @JsonUnwrapped Impacts impacts,

            @JsonProperty(value = "per_day", required = true)
            Impacts perDay,

            @JsonProperty(value = "wh_per_request", required = true)
            Quantity whPerRequest,

            @JsonProperty("rebound_effect") @JsonInclude(JsonInclude.Include.ALWAYS)
            Double reboundEffect,

            @JsonProperty(value = "backfire", required = true)
            boolean backfire,

            @JsonProperty(value = "counterfactual", required = true)
            Counterfactual counterfactual,

            @JsonProperty("cells") List<Cell> cells,

            @JsonProperty("decomposition") @JsonInclude(JsonInclude.Include.ALWAYS)
            Decomposition decomposition) {}

    /**
     * A data centre's fleet over the run, from its telemetry (hourly windows): utilisation and IT
     * power (lowest, mean, highest hour), servers in service at the first and last hour and added by
     * the build-out, and the backlog (most requests waiting at the end of an hour, and at the end).
     */
    @JsonPropertyOrder({
        "hours",
        "utilisation",
        "it_power_kw",
        "servers_at_start",
        "servers_at_end",
        "backlog_max",
        "backlog_at_end"
    })
    public record Fleet(
            @JsonProperty(value = "hours", required = true) long hours,

            @JsonProperty(value = "utilisation", required = true)
            Spread utilisation,

            @JsonProperty(value = "it_power_kw", required = true)
            Spread itPowerKw,

            @JsonProperty(value = "servers_at_start", required = true)
            long serversAtStart,

            @JsonProperty(value = "servers_at_end", required = true)
            long serversAtEnd,

            @JsonProperty(value = "backlog_max", required = true)
            long backlogMax,

            @JsonProperty(value = "backlog_at_end", required = true)
            long backlogAtEnd) {}

    /** The lowest, mean and highest of a quantity over the hours. */
    @JsonPropertyOrder({"min", "mean", "max"})
    public record Spread(
            @JsonProperty(value = "min", required = true) double min,
            @JsonProperty(value = "mean", required = true) double mean,
            @JsonProperty(value = "max", required = true) double max) {}

    /** The in-stream counterfactual of a period, central, per day. */
    public record Counterfactual(
            @JsonProperty(value = "requests_per_day", required = true)
            double requestsPerDay,

            @JsonProperty(value = "facility_energy_kwh_per_day", required = true)
            double facilityEnergyKwhPerDay,

            @JsonProperty(value = "no_rebound_facility_energy_kwh_per_day", required = true)
            double noReboundFacilityEnergyKwhPerDay) {}

    /** A period's requests and facility energy (central) of one kind in one data centre. */
    public record Cell(
            @JsonProperty(value = "kind", required = true) String kind,

            @JsonProperty(value = "datacentre", required = true)
            String datacentre,

            @JsonProperty(value = "requests", required = true)
            long requests,

            @JsonProperty(value = "counterfactual_requests", required = true)
            double counterfactualRequests,

            @JsonProperty(value = "facility_energy_kwh", required = true)
            double facilityEnergyKwh) {}

    /** The change of facility energy per day since the first period, by cause (kWh per day). */
    public record Decomposition(
            @JsonProperty(value = "activity", required = true)
            double activity,

            @JsonProperty(value = "mix", required = true) double mix,

            @JsonProperty(value = "intensity", required = true)
            double intensity,

            @JsonProperty(value = "rebound", required = true)
            double rebound) {}

    /** The training campaign: its impacts (facility boundary), amortised per request, and the crossover. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Training(
            @JsonProperty(value = "at", required = true) String at,

            @JsonProperty(value = "facility_energy_kwh", required = true)
            Quantity facilityEnergyKwh,

            @JsonProperty(value = "operational_co2e_kg", required = true)
            Quantity operationalCo2eKg,

            @JsonProperty(value = "co2e_kg", required = true)
            Quantity co2eKg,

            @JsonProperty(value = "offsite_water_l", required = true)
            Quantity offsiteWaterL,

            @JsonProperty(value = "water_l", required = true)
            Quantity waterL,

            @JsonProperty(value = "amortised_per_request", required = true)
            Amortised amortisedPerRequest,

            @JsonProperty("inference_overtakes_training_at") @JsonInclude(JsonInclude.Include.ALWAYS)
            String inferenceOvertakesTrainingAt,

            @JsonProperty(value = "inference_share_of_training_co2e", required = true)
            double inferenceShareOfTrainingCo2e) {}

    /** The training's impacts per request of the run. */
    public record Amortised(
            @JsonProperty(value = "facility_energy_wh", required = true)
            Quantity facilityEnergyWh,

            @JsonProperty(value = "co2e_g", required = true) Quantity co2eG,

            @JsonProperty(value = "water_ml", required = true)
            Quantity waterMl) {}

    /** The generator's own counts, compared with what was read back. {@code records} is absent in older summaries. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ledger(
            @JsonProperty(value = "requests", required = true)
            long requests,

            @JsonProperty(value = "load_events", required = true)
            long loadEvents,

            @JsonProperty("records") Long records,

            @JsonProperty(value = "matches", required = true)
            boolean matches) {}

    /** The run itself: its id and wall-clock figures; the process figures are absent when not measured. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(
            @JsonProperty(value = "id", required = true) String id,

            @JsonProperty(value = "wall_seconds", required = true)
            double wallSeconds,

            @JsonProperty(value = "load_events_per_second", required = true)
            double loadEventsPerSecond,

            @JsonProperty(value = "requests_per_second", required = true)
            double requestsPerSecond,

            @JsonProperty("first_aggregate_seconds") Double firstAggregateSeconds,
            @JsonProperty("peak_heap_mib") Double peakHeapMib,
            @JsonProperty("peak_rss_mib") Double peakRssMib) {}
}
