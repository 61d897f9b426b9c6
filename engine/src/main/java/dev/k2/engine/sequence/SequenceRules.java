package dev.k2.engine.sequence;

import dev.k2.config.K2Config;
import dev.k2.config.K2Settings;

/**
 * The thresholds a {@link StreamSequence} classifies with.
 *
 * @param maxOpenGaps     open gap ranges kept per stream
 * @param resetMinDrop    how far a session stream's sequence must fall to be a reset
 * @param resetMinPauseNs how long the stream must have been silent before such a fall
 */
public record SequenceRules(int maxOpenGaps, long resetMinDrop, long resetMinPauseNs) {
    public static SequenceRules from(K2Config config) {
        return new SequenceRules(config.get(K2Settings.MAX_OPEN_GAPS), config.get(K2Settings.RESET_MIN_DROP),
            config.get(K2Settings.RESET_MIN_PAUSE_MS) * 1_000_000L);
    }

    public static SequenceRules defaults() {
        return from(K2Config.defaults());
    }
}
