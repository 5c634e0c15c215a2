package org.rebound.domain.presets;

import org.rebound.domain.impact.GenerativeEnergy;

/**
 * A built-in anchor for images or videos: IT energy per item at a reference amount of work
 * (steps × megapixels for an image, seconds × megapixels × fps for a clip) and its sources.
 */
public record GenerativePreset(String name, GenerativeEnergy.Anchor anchor, String source) {}
