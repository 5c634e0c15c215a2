package org.rebound.domain.presets;

import java.util.Objects;
import org.rebound.domain.Range;

/**
 * A region's electricity as a built-in preset: location-based annual-mean carbon intensity, the
 * water consumed off site to generate a kWh (EWIF: evaporated at the power plants, not the larger
 * volume withdrawn and returned), its standard UTC offset (for the daily profile's local hours) and
 * the impact-data.md row every number comes from.
 */
public record RegionPreset(String code, Range carbonGPerKwh, Range waterLPerKwh, double utcOffsetHours, String source) {

    public RegionPreset {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(carbonGPerKwh, "carbonGPerKwh");
        Objects.requireNonNull(waterLPerKwh, "waterLPerKwh");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("region preset " + code + " needs a source (an impact-data.md row)");
        }
    }
}
