package org.rebound.report.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The summary's {@code power}: every data centre's power over simulated time, from its telemetry
 * windows (docs/topics.md, "Telemetry"), one point per bucket: a UTC hour when the simulated span
 * is 7 days or less, a UTC day otherwise. Columns, not one object per point, so that a year of 24
 * data centres stays short (an array is one line of the indented summary).
 *
 * <p>The buckets are shared by every data centre: {@code start[i]} is bucket i's start (the UTC hour
 * or day), {@code hours[i]} the hours of telemetry windows that start in it (the run's windows, whole
 * windows, of any data centre). Each data centre's powers are energy-weighted means, central:
 * {@code facility_power_kw[i]} = its windows' facility kWh in bucket i / {@code hours[i]}, so
 * {@code facility_power_kw[i] × hours[i]} summed over i is its facility energy (a bucket in which a
 * data centre has no window, having had no request, counts zero).
 *
 * @param bucket "hour" or "day"
 */
@JsonPropertyOrder({"bucket", "start", "hours", "by_datacentre"})
public record PowerSeries(
        @JsonProperty(value = "bucket", required = true) String bucket,
        @JsonProperty(value = "start", required = true) List<String> start,
        @JsonProperty(value = "hours", required = true) List<Double> hours,

        @JsonProperty(value = "by_datacentre", required = true)
        Map<String, Datacentre> byDatacentre) {

    public static final String HOUR = "hour";
    public static final String DAY = "day";

    public PowerSeries {
        for (Map.Entry<String, Datacentre> entry : byDatacentre.entrySet()) {
            Datacentre dc = entry.getValue();
            if (start.size() != hours.size()
                    || dc.facilityPowerKw().size() != start.size()
                    || dc.itPowerKw().size() != start.size()
                    || (dc.utilisation() != null && dc.utilisation().size() != start.size())) {
                throw new IllegalArgumentException("power: the columns of " + entry.getKey()
                        + " are not as long as start (" + start.size() + " buckets)");
            }
        }
    }

    /** The number of buckets. */
    public int size() {
        return start.size();
    }

    /** A data centre's facility energy over the run, kWh, central: its power × hours, summed over the buckets. */
    public double facilityEnergyKwh(String datacentre) {
        List<Double> power = byDatacentre.get(datacentre).facilityPowerKw();
        double sum = 0;
        for (int i = 0; i < hours.size(); i++) {
            sum += power.get(i) * hours.get(i);
        }
        return sum;
    }

    /**
     * One data centre's columns, central, one value per bucket; {@code utilisation} (server-hours
     * served / server-hours in service, weighted by the latter) only for a data centre with a
     * fleet, null in a bucket where it had none.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"facility_power_kw", "it_power_kw", "utilisation"})
    public record Datacentre(
            @JsonProperty(value = "facility_power_kw", required = true)
            List<Double> facilityPowerKw,

            @JsonProperty(value = "it_power_kw", required = true)
            List<Double> itPowerKw,

            @JsonProperty("utilisation") @JsonInclude(JsonInclude.Include.NON_NULL)
            List<Double> utilisation) {}
}
