package dev.k2.engine.ring;

/** How the three stages map onto threads; configuration, not code (DESIGN.md 4). */
public enum ThreadingMode {
    /** dedup, sequence check and journal run one after the other on one thread, per event. */
    FUSED,
    /** each stage on its own thread, handing slots on through the ring's sequence barriers. */
    PER_STAGE;

    public static ThreadingMode parse(String text) {
        return switch (text) {
            case "fused" -> FUSED;
            case "per-stage" -> PER_STAGE;
            default -> throw new IllegalArgumentException("threading mode must be fused or per-stage: " + text);
        };
    }
}
