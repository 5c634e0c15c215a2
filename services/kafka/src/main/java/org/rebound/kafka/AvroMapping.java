package org.rebound.kafka;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rebound.avro.ControlEvent;
import org.rebound.avro.ControlSource;
import org.rebound.avro.DataCentre;
import org.rebound.avro.DatacentreCooling;
import org.rebound.avro.Fleet;
import org.rebound.avro.GridElectricity;
import org.rebound.avro.Impacts;
import org.rebound.avro.KindEnergy;
import org.rebound.avro.Quantity;
import org.rebound.avro.RegionWeather;
import org.rebound.avro.TrainingCampaign;
import org.rebound.domain.LikelyRange;
import org.rebound.domain.Range;
import org.rebound.domain.scenario.Capacity;
import org.rebound.domain.scenario.Cooling;
import org.rebound.domain.scenario.Kind;
import org.rebound.domain.scenario.Region;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.Training;
import org.rebound.domain.scenario.Weather;

/** Between the domain (plain Java) and the Avro contract. */
public final class AvroMapping {

    private AvroMapping() {}

    public static Quantity quantity(Range range) {
        LikelyRange likely = range.likely();
        return new Quantity(
                range.low(),
                range.central(),
                range.high(),
                likely == null ? null : likely.p5(),
                likely == null ? null : likely.p95());
    }

    /** A quantity as a range, with its likely range when it has p5 and p95. */
    public static Range range(Quantity quantity) {
        LikelyRange likely = quantity.getP5() == null || quantity.getP95() == null
                ? null
                : new LikelyRange(quantity.getP5(), quantity.getP95());
        return new Range(quantity.getLow(), quantity.getCentral(), quantity.getHigh(), likely);
    }

    public static Impacts impacts(org.rebound.domain.impact.Impacts impacts) {
        return new Impacts(
                quantity(impacts.itEnergyKwh()),
                quantity(impacts.facilityEnergyKwh()),
                quantity(impacts.operationalCo2eKg()),
                quantity(impacts.embodiedCo2eKg()),
                quantity(impacts.co2eKg()),
                quantity(impacts.onsiteWaterL()),
                quantity(impacts.offsiteWaterL()),
                quantity(impacts.waterL()));
    }

    public static org.rebound.domain.impact.Impacts impacts(Impacts impacts) {
        return new org.rebound.domain.impact.Impacts(
                range(impacts.getItEnergyKwh()),
                range(impacts.getFacilityEnergyKwh()),
                range(impacts.getOperationalCo2eKg()),
                range(impacts.getEmbodiedCo2eKg()),
                range(impacts.getCo2eKg()),
                range(impacts.getOnsiteWaterL()),
                range(impacts.getOffsiteWaterL()),
                range(impacts.getWaterL()));
    }

    /**
     * The Kafka timestamp of a data-centre record in force from {@code validFrom}: one millisecond
     * earlier. Kafka Streams processes a task's records in timestamp order, and a load event at
     * exactly {@code validFrom} must meet the new state already in the versioned table; with equal
     * timestamps the order between the two topics would be arbitrary.
     */
    public static long recordTimestamp(Instant validFrom) {
        return validFrom.toEpochMilli() - 1;
    }

    /**
     * The state of a scenario's data centre, in force from {@code validFrom} on.
     *
     * @param counterfactualPue the PUE of the run's counterfactual: the data centre's PUE in the
     *                          scenario as started, before any timeline or live change
     */
    public static DataCentre dataCentre(
            String run,
            Scenario scenario,
            org.rebound.domain.scenario.DataCentre dc,
            Instant validFrom,
            Range counterfactualPue) {
        GridElectricity grid = grid(scenario, scenario.regionOf(dc));
        double elasticity = scenario.workload().elasticity();
        Map<String, KindEnergy> kinds = new LinkedHashMap<>();
        for (Kind kind : scenario.kinds().values()) {
            // the same factor as the demand model's (Demand.expectedAll)
            double induced = elasticity == 0 ? 1 : Math.pow(kind.energyFactor(), -elasticity);
            kinds.put(kind.name(), new KindEnergy(quantity(kind.energyWh()), kind.energyFactor(), induced));
        }
        return DataCentre.newBuilder()
                .setRun(run)
                .setScenario(scenario.name())
                .setId(dc.id())
                .setValidFrom(validFrom)
                .setRunStart(scenario.clock().start())
                .setRunEnd(scenario.clock().end())
                .setPeriodMillis(scenario.clock().period().toMillis())
                .setPue(quantity(dc.pue()))
                .setWueLPerKwh(quantity(dc.wueLPerKwh()))
                .setEmbodiedGPerKwh(quantity(dc.embodiedGPerKwh()))
                .setShare(dc.share())
                .setGrid(grid)
                .setKinds(kinds)
                .setSeed(scenario.seed())
                .setCounterfactualPue(quantity(counterfactualPue))
                .setFleet(fleet(scenario, dc.capacity()))
                .setWeather(weather(scenario.regionOf(dc).weather()))
                .setCooling(cooling(dc.cooling()))
                .build();
    }

    /** A region's weather as a data centre's record carries it (null without one). */
    private static RegionWeather weather(Weather weather) {
        if (weather == null) {
            return null;
        }
        return new RegionWeather(
                Arrays.stream(weather.monthlyMeanC()).boxed().toList(), weather.dailyAmplitudeC(), weather.anomalyC());
    }

    /** The record's weather as the domain's (null without one). */
    public static Weather weather(RegionWeather weather) {
        if (weather == null) {
            return null;
        }
        return new Weather(
                weather.getMonthlyMeanC().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray(),
                weather.getDailyAmplitudeC(),
                weather.getAnomalyC());
    }

    private static DatacentreCooling cooling(Cooling cooling) {
        return cooling == null ? null : new DatacentreCooling(cooling.aboveC(), cooling.puePerC(), cooling.wuePerC());
    }

    /** The record's cooling as the domain's (null without one). */
    public static Cooling cooling(DatacentreCooling cooling) {
        return cooling == null ? null : new Cooling(cooling.getAboveC(), cooling.getPuePerC(), cooling.getWuePerC());
    }

    /** A data centre's fleet as its record carries it (null without one): its rates with each kind's efficiency applied. */
    private static Fleet fleet(Scenario scenario, Capacity capacity) {
        if (capacity == null) {
            return null;
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Kind kind : scenario.kinds().values()) {
            rates.put(kind.name(), capacity.rate(kind));
        }
        return new Fleet(
                capacity.servers(),
                capacity.idleW(),
                capacity.maxW(),
                rates,
                capacity.buildOut() == null ? 0.0 : capacity.buildOut().embodiedKgPerServer());
    }

    /** A region's electricity; its carbon trend counts from the scenario start. */
    public static GridElectricity grid(Scenario scenario, Region region) {
        return new GridElectricity(
                region.code(),
                quantity(region.carbonGPerKwh()),
                quantity(region.waterLPerKwh()),
                Arrays.stream(region.dailyProfile()).boxed().toList(),
                region.utcOffsetHours(),
                region.carbonChangePerYear(),
                scenario.clock().start());
    }

    /** A control event as the domain's change; a live change without an instant applies at {@code now}. */
    public static org.rebound.domain.scenario.ScenarioChange change(ControlEvent event, Instant now) {
        Instant at = event.getAt() == null ? now : event.getAt();
        String origin = event.getSource() == ControlSource.LIVE ? "live change " + event.getId() : "timeline";
        return new org.rebound.domain.scenario.ScenarioChange(at, event.getSet(), event.getNote(), origin);
    }

    /** The scenario's training campaign as the record the aggregator values. */
    public static TrainingCampaign training(String run, Scenario scenario, Training training) {
        return new TrainingCampaign(
                run,
                scenario.name(),
                training.at(),
                quantity(training.energyMwh()),
                grid(scenario, scenario.regions().get(training.region())),
                scenario.seed());
    }
}
