package org.rebound.domain.presets;

import java.util.Objects;
import org.rebound.domain.Range;

/**
 * A request kind as a built-in preset: IT energy per request, the whole server's (accelerators,
 * host, idle reserve; the data centre's PUE turns it into facility energy), and the impact-data.md
 * row every number comes from, with the factor that converted a GPU-only or facility-level figure.
 */
public record KindPreset(String name, Range energyWh, String source) {

    public KindPreset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(energyWh, "energyWh");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("kind preset " + name + " needs a source (an impact-data.md row)");
        }
    }
}
