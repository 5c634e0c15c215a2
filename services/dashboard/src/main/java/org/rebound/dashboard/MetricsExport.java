package org.rebound.dashboard;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Function;
import org.rebound.avro.Impacts;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Quantity;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Scenario;

/**
 * {@code /metrics}: the aggregates of every run the dashboard follows, in the Prometheus text
 * format, written with the Prometheus Java client's own exposition writer. Units are in the
 * names; per data centre (labels scenario, run, datacentre, region, estimate) and per kind
 * (scenario, run, kind, estimate) as separate families, so that a sum over one family never
 * counts a request twice. {@code estimate} is low, central or high (docs/dashboard.md).
 */
final class MetricsExport {

    /** A quantity of the Avro {@link Impacts} record, under its metric name (without _total). */
    private record Measure(String name, String help, Function<Impacts, Quantity> read) {}

    private static final List<Measure> MEASURES = List.of(
            new Measure("facility_energy_kwh", "Facility energy (IT energy × PUE), kWh", Impacts::getFacilityEnergyKwh),
            new Measure("it_energy_kwh", "IT energy of the servers, kWh", Impacts::getItEnergyKwh),
            new Measure("co2e_kg", "Operational + embodied greenhouse gases, kg CO2e", Impacts::getCo2eKg),
            new Measure("water_l", "Water, on-site + off-site (electricity generation), litres", Impacts::getWaterL));
    private static final String[] ESTIMATES = {"low", "central", "high"};

    private MetricsExport() {}

    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    static String scrape(DashboardFeed feed) throws IOException {
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        CounterSnapshot.Builder dcRequests =
                CounterSnapshot.builder().name("rebound_requests").help("Simulated requests served, per data centre");
        CounterSnapshot.Builder kindRequests = CounterSnapshot.builder()
                .name("rebound_kind_requests")
                .help("Simulated requests served, per kind of request");
        CounterSnapshot.Builder[] dcMeasures = new CounterSnapshot.Builder[MEASURES.size()];
        CounterSnapshot.Builder[] kindMeasures = new CounterSnapshot.Builder[MEASURES.size()];
        for (int i = 0; i < MEASURES.size(); i++) {
            dcMeasures[i] = CounterSnapshot.builder()
                    .name("rebound_" + MEASURES.get(i).name())
                    .help(MEASURES.get(i).help() + ", per data centre");
            kindMeasures[i] = CounterSnapshot.builder()
                    .name("rebound_kind_" + MEASURES.get(i).name())
                    .help(MEASURES.get(i).help() + ", per kind");
        }
        GaugeSnapshot.Builder whPerRequest = GaugeSnapshot.builder()
                .name("rebound_period_wh_per_request")
                .help("Facility energy per request in the latest period, Wh (central)");
        GaugeSnapshot.Builder requestsPerDay = GaugeSnapshot.builder()
                .name("rebound_period_requests_per_day")
                .help("Requests per day in the latest period");
        GaugeSnapshot.Builder reboundEffect = GaugeSnapshot.builder()
                .name("rebound_period_rebound_effect_ratio")
                .help(
                        "Rebound effect of the latest period against the run's in-stream counterfactual, the same run without its efficiency changes (1 = the whole saving taken back; above 1: backfire; absent without an efficiency gain)");
        GaugeSnapshot.Builder carbon = GaugeSnapshot.builder()
                .name("rebound_grid_carbon_g_per_kwh")
                .help(
                        "Carbon intensity of the data centre's grid at the run's simulated hour (central, daily profile and trend applied), gCO2e/kWh");
        GaugeSnapshot.Builder pue = GaugeSnapshot.builder()
                .name("rebound_datacentre_pue_ratio")
                .help(
                        "Power usage effectiveness of the data centre, changes so far applied (central); with a cooling that follows the weather, that of its latest complete simulated hour");
        GaugeSnapshot.Builder power = GaugeSnapshot.builder()
                .name("rebound_datacentre_power_kw")
                .help(
                        "Facility power of the data centre, averaged over its latest complete simulated hour (rebound.telemetry, central), kW");
        GaugeSnapshot.Builder itPower = GaugeSnapshot.builder()
                .name("rebound_datacentre_it_power_kw")
                .help(
                        "IT power of the data centre, averaged over its latest complete simulated hour (rebound.telemetry, central), kW");
        GaugeSnapshot.Builder utilisation = GaugeSnapshot.builder()
                .name("rebound_datacentre_utilisation_ratio")
                .help(
                        "Share of the data centre's server-hours in use over its latest complete simulated hour (data centres with a fleet, scenario key capacity, only)");
        GaugeSnapshot.Builder outdoor = GaugeSnapshot.builder()
                .name("rebound_datacentre_outdoor_temperature_celsius")
                .help(
                        "Outdoor temperature at the data centre, averaged over its latest complete simulated hour (regions with a weather only), degrees C");

        for (Map.Entry<String, RunState> entry : feed.runs().entrySet()) {
            String run = entry.getKey();
            RunState state = entry.getValue();
            synchronized (state) {
                Scenario scenario = state.scenario;
                if (scenario == null) {
                    continue;
                }
                for (Totals t : state.datacentres.values()) {
                    String region = scenario.datacentres().stream()
                            .filter(dc -> dc.id().equals(t.getMember()))
                            .map(DataCentre::region)
                            .findFirst()
                            .orElse("");
                    Labels labels = Labels.of(
                            "scenario", scenario.name(), "run", run, "datacentre", t.getMember(), "region", region);
                    dcRequests.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(labels)
                            .value(t.getRequests())
                            .build());
                    add(dcMeasures, labels, t.getImpacts());
                }
                for (Totals t : state.kinds.values()) {
                    Labels labels = Labels.of("scenario", scenario.name(), "run", run, "kind", t.getMember());
                    kindRequests.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(labels)
                            .value(t.getRequests())
                            .build());
                    add(kindMeasures, labels, t.getImpacts());
                }
                PeriodTotals latest = state.periods.values().stream()
                        .reduce((a, b) -> b.getPeriod() >= a.getPeriod() ? b : a)
                        .orElse(null);
                if (latest != null) {
                    Labels labels = Labels.of("scenario", scenario.name(), "run", run);
                    requestsPerDay.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(labels)
                            .value(latest.getRequestsPerDay())
                            .build());
                    if (latest.getWhPerRequest() != null) {
                        whPerRequest.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .labels(labels)
                                .value(latest.getWhPerRequest().getCentral())
                                .build());
                    }
                    if (latest.getReboundEffect() != null) {
                        reboundEffect.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .labels(labels)
                                .value(latest.getReboundEffect())
                                .build());
                    }
                }
                java.time.Instant now = RunState.now(state, scenario);
                Scenario current = RunState.current(state, now);
                Map<String, Telemetry> latestWindows = new HashMap<>();
                for (Map.Entry<String, NavigableMap<Long, Telemetry>> windows : state.telemetry.entrySet()) {
                    Telemetry window = DashboardFeed.latestCompleteWindow(windows.getValue(), now);
                    if (window == null) {
                        continue;
                    }
                    latestWindows.put(window.getDatacentre(), window);
                    Labels labels = Labels.of(
                            "scenario",
                            scenario.name(),
                            "run",
                            run,
                            "datacentre",
                            window.getDatacentre(),
                            "region",
                            window.getRegion());
                    power.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(labels)
                            .value(window.getFacilityPowerKw())
                            .build());
                    itPower.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(labels)
                            .value(window.getItPowerKw())
                            .build());
                    if (window.getUtilisation() != null) {
                        utilisation.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .labels(labels)
                                .value(window.getUtilisation())
                                .build());
                    }
                    if (window.getOutdoorC() != null) {
                        outdoor.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .labels(labels)
                                .value(window.getOutdoorC())
                                .build());
                    }
                }
                for (DataCentre dc : current.datacentres()) {
                    Labels labels = Labels.of(
                            "scenario", scenario.name(), "run", run, "datacentre", dc.id(), "region", dc.region());
                    carbon.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(labels)
                            .value(RunState.carbonGPerKwhNow(current, dc, now))
                            .build());
                    // with a cooling that follows the weather, the PUE of the latest complete hour
                    Telemetry window = dc.cooling() == null ? null : latestWindows.get(dc.id());
                    pue.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(labels)
                            .value(window == null ? dc.pue().central() : window.getPue())
                            .build());
                }
            }
        }
        snapshots.metricSnapshot(dcRequests.build()).metricSnapshot(kindRequests.build());
        for (int i = 0; i < MEASURES.size(); i++) {
            snapshots.metricSnapshot(dcMeasures[i].build()).metricSnapshot(kindMeasures[i].build());
        }
        snapshots
                .metricSnapshot(requestsPerDay.build())
                .metricSnapshot(whPerRequest.build())
                .metricSnapshot(reboundEffect.build())
                .metricSnapshot(carbon.build())
                .metricSnapshot(pue.build())
                .metricSnapshot(power.build())
                .metricSnapshot(itPower.build())
                .metricSnapshot(utilisation.build())
                .metricSnapshot(outdoor.build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, snapshots.build(), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void add(CounterSnapshot.Builder[] builders, Labels labels, Impacts impacts) {
        for (int i = 0; i < MEASURES.size(); i++) {
            Quantity q = MEASURES.get(i).read().apply(impacts);
            double[] values = {q.getLow(), q.getCentral(), q.getHigh()};
            for (int e = 0; e < ESTIMATES.length; e++) {
                builders[i].dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(labels.add("estimate", ESTIMATES[e]))
                        .value(values[e])
                        .build());
            }
        }
    }
}
