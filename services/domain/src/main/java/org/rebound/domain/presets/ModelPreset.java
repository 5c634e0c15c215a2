package org.rebound.domain.presets;

import org.rebound.domain.impact.LlmEnergy;

/** A built-in model class (llm-8b, llm-70b, ...): its size and where the numbers come from. */
public record ModelPreset(String name, LlmEnergy.Model model, String source) {}
