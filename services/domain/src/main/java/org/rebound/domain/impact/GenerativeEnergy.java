package org.rebound.domain.impact;

import org.rebound.domain.Range;

/**
 * IT energy of one image or one video clip, scaled from a sourced anchor (presets.yaml,
 * {@code generative:}): an image by denoising steps × megapixels, a clip by seconds × megapixels ×
 * frames per second, each relative to the anchor's own reference. The scaling is linear: the work
 * of a diffusion model grows at least with the number of steps and of pixels generated; ML.ENERGY
 * measured a faster, quadratic growth of video energy with resolution and frame count (Delavande,
 * Pierrard, Luccioni 2025, impact-data.md §2), so a clip far larger than the reference is
 * underestimated (docs/impact-model.md, "Energy from models and tokens").
 */
public final class GenerativeEnergy {

    private GenerativeEnergy() {}

    /** An anchor: IT energy per item (low, central, high) at a reference amount of work. */
    public record Anchor(Range energyWh, double referenceWork) {
        public Anchor {
            if (!(referenceWork > 0)) {
                throw new IllegalArgumentException("expected a reference work > 0, found " + referenceWork);
            }
        }
    }

    /** An image: anchor × (steps × megapixels) / reference. */
    public static Range imageWh(Anchor anchor, Range steps, Range megapixels) {
        return scaled(anchor, steps.times(megapixels));
    }

    /** A clip: anchor × (seconds × megapixels × fps) / reference. */
    public static Range videoWh(Anchor anchor, Range seconds, Range megapixels, Range fps) {
        return scaled(anchor, seconds.times(megapixels).times(fps));
    }

    private static Range scaled(Anchor anchor, Range work) {
        return anchor.energyWh().times(work).times(1 / anchor.referenceWork());
    }
}
