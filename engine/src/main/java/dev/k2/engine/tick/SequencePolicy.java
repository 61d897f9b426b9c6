package dev.k2.engine.tick;

/**
 * How a feed numbers its ticks; the feed sets it on each tick and the dedup stage obeys it.
 *
 * <ul>
 *   <li>{@link #UNSEQUENCED}: no usable sequence; dedup falls back to a bounded window keyed by the
 *       native trade id.</li>
 *   <li>{@link #PERMANENT}: the sequence is the tick's permanent identity within its stream and never
 *       restarts (ASX row ordinal within a trading day, Binance trade id). A lower number is either a
 *       late fill of an open gap or a duplicate; never a reset, so re-ingesting a file a day later is
 *       still recognised as duplicates.</li>
 *   <li>{@link #SESSION}: the sequence belongs to a session that may restart (a binary TCP feed
 *       after a venue restart). A large drop after a long pause is a reset.</li>
 * </ul>
 */
public enum SequencePolicy {
    UNSEQUENCED,
    PERMANENT,
    SESSION
}
