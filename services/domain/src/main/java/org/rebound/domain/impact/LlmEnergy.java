package org.rebound.domain.impact;

import org.rebound.domain.Range;

/**
 * IT energy of one LLM request from the model's size and the request's tokens, after EcoLogits'
 * methodology (impact-data.md §2, EcoLogits {@code ecologits/impacts/llm.py} v0.9; the pre-fill
 * latency is EcoLogits' later addition, adapted from Impact'IA and Agrawal et al. 2024). Formulas
 * and constants are listed in docs/impact-model.md, "Energy from models and tokens".
 *
 * <p>Per request, with N = output + reasoning tokens (reasoning tokens are generated like output
 * tokens; the user just does not see them):
 * <ul>
 * <li>GPUs g = 2^ceil(log2(ceil(1.2 × P_total × 2 bytes / 80 GB))): the memory the weights need (16 bits).</li>
 * <li>GPU energy E_gpu = g × N × (α·e^(β·B)·P_active + γ) Wh.</li>
 * <li>decoding time t_dec = N × (a·P_active + b·B + c) s; pre-fill time t_pre = 0.062 ms × P_active / 7.3 × input + 17.88 ms.</li>
 * <li>host share (CPU, memory, network of the 8-GPU server, 1.2 kW) E_host = (t / 3600) × 1200 W × g / 8 / B.</li>
 * </ul>
 * The project's boundary is the whole server (impact-data.md §1): EcoLogits' host share counts the
 * server only while the GPUs are busy. Hence the range, with the node factors of impact-data.md §9
 * that presets.yaml also uses for GPU-only figures:
 * low = 1.2 × E_gpu + E_host(pre-fill) (the host at full GPU power, no idle reserve);
 * central = E_gpu + E_host(decoding) + E_host(pre-fill) (EcoLogits as published, its host share
 * over decoding is 0.63-0.76 × E_gpu for any size, so between the two factors);
 * high = 2.2 × E_gpu + E_host(pre-fill) (whole server with idle reserve: Google's 0.24 Wh full
 * stack over 0.10 Wh accelerator-only, 2.4, divided by Google's PUE 1.09). Ranges of tokens go
 * low with low, high with high (the energy grows with every token).
 */
public final class LlmEnergy {

    /** EcoLogits v0.9 GPU energy regression (Wh per generated token per GPU), impact-data.md §2 (V). */
    public static final double GPU_ENERGY_ALPHA = 1.1665273170451914e-06;

    public static final double GPU_ENERGY_BETA = -0.011205921025579175;
    public static final double GPU_ENERGY_GAMMA = 4.052928146734005e-05;
    /** EcoLogits v0.9 decoding latency regression (s per generated token), impact-data.md §2 (V). */
    public static final double LATENCY_ALPHA = 6.785088094353663e-4;

    public static final double LATENCY_BETA = 3.119310311688259e-4;
    public static final double LATENCY_GAMMA = 0.019473717579473387;
    /** Requests served together by a server (EcoLogits v0.9). */
    public static final int BATCH_SIZE = 64;
    /**
     * Pre-fill (time to first token): 0.062 ms per input token for Mistral 7B (7.3 B parameters) on
     * one A100, plus 17.88 ms (Agrawal et al. 2024), scaled by active parameters (EcoLogits, adapted
     * from Impact'IA).
     */
    public static final double PREFILL_SECONDS_PER_INPUT_TOKEN_AT_REFERENCE = 0.062 / 1000;

    public static final double PREFILL_REFERENCE_PARAMETERS_B = 7.3;
    public static final double PREFILL_INTERCEPT_SECONDS = 17.88 / 1000;
    /** Weights in 16 bits (2 bytes per parameter), 20 % memory overhead, 80 GB GPUs (H100), EcoLogits v0.9. */
    public static final double BYTES_PER_PARAMETER = 2;

    public static final double MEMORY_OVERHEAD = 1.2;
    public static final double GPU_MEMORY_GB = 80;
    /** Host power (everything but the GPUs) of an 8-GPU server, EcoLogits v0.9: 1.2 kW. */
    public static final double SERVER_HOST_POWER_W = 1200;

    public static final int SERVER_GPUS = 8;
    /** Node factors over GPU energy, impact-data.md §9 (low: host at full GPU power) and presets.yaml (central 2.4 / 1.09). */
    public static final double NODE_FACTOR_LOW = 1.2;

    public static final double NODE_FACTOR_WHOLE_SERVER = 2.2;

    private LlmEnergy() {}

    /** A model's size: parameters used per token (active) and held in memory (total), in billions. */
    public record Model(double activeParametersB, double totalParametersB) {
        public Model {
            if (!(activeParametersB > 0 && totalParametersB >= activeParametersB)) {
                throw new IllegalArgumentException("expected 0 < active <= total parameters, found " + activeParametersB
                        + " and " + totalParametersB);
            }
        }
    }

    /** Tokens of one request: read (input), shown (output) and generated unseen (reasoning). */
    public record Tokens(Range input, Range output, Range reasoning) {
        public Tokens {
            if (input.low() < 0 || output.low() < 0 || reasoning.low() < 0) {
                throw new IllegalArgumentException("expected token counts >= 0");
            }
        }

        public static Tokens of(double input, double output, double reasoning) {
            return new Tokens(Range.of(input), Range.of(output), Range.of(reasoning));
        }
    }

    /** GPUs that hold the weights, rounded up to a power of two (tensor parallelism). */
    public static int gpus(double totalParametersB) {
        int needed = (int) Math.ceil(MEMORY_OVERHEAD * totalParametersB * BYTES_PER_PARAMETER / GPU_MEMORY_GB);
        int gpus = 1;
        while (gpus < needed) {
            gpus *= 2;
        }
        return gpus;
    }

    /** Energy of one GPU per generated token, Wh. */
    public static double gpuWhPerToken(double activeParametersB) {
        return GPU_ENERGY_ALPHA * Math.exp(GPU_ENERGY_BETA * BATCH_SIZE) * activeParametersB + GPU_ENERGY_GAMMA;
    }

    /** Decoding time per generated token, s. */
    public static double secondsPerToken(double activeParametersB) {
        return LATENCY_ALPHA * activeParametersB + LATENCY_BETA * BATCH_SIZE + LATENCY_GAMMA;
    }

    /** Pre-fill time for the input tokens, s. */
    public static double prefillSeconds(double activeParametersB, double inputTokens) {
        return PREFILL_SECONDS_PER_INPUT_TOKEN_AT_REFERENCE
                        * activeParametersB
                        / PREFILL_REFERENCE_PARAMETERS_B
                        * inputTokens
                + PREFILL_INTERCEPT_SECONDS;
    }

    /** The host's share of a request that keeps the model's GPUs busy for {@code seconds}, Wh. */
    static double hostWh(int gpus, double seconds) {
        return seconds / 3600 * SERVER_HOST_POWER_W * gpus / SERVER_GPUS / BATCH_SIZE;
    }

    /** IT energy of one request, Wh: low, central, high (see the class comment). */
    public static Range requestWh(Model model, Tokens tokens) {
        int gpus = gpus(model.totalParametersB());
        double perToken = gpuWhPerToken(model.activeParametersB());
        double low = NODE_FACTOR_LOW
                        * gpus
                        * (tokens.output().low() + tokens.reasoning().low())
                        * perToken
                + hostWh(
                        gpus,
                        prefillSeconds(model.activeParametersB(), tokens.input().low()));
        double generated = tokens.output().central() + tokens.reasoning().central();
        double central = gpus * generated * perToken
                + hostWh(gpus, generated * secondsPerToken(model.activeParametersB()))
                + hostWh(
                        gpus,
                        prefillSeconds(model.activeParametersB(), tokens.input().central()));
        double high = NODE_FACTOR_WHOLE_SERVER
                        * gpus
                        * (tokens.output().high() + tokens.reasoning().high())
                        * perToken
                + hostWh(
                        gpus,
                        prefillSeconds(model.activeParametersB(), tokens.input().high()));
        return new Range(low, central, high);
    }
}
