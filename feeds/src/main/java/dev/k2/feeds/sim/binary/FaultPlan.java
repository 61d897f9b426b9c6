package dev.k2.feeds.sim.binary;

import java.util.Locale;

/**
 * Which faults the binary simulator injects, and how often, counted in ticks produced:
 * {@code skip[:N]} leaves a run of 1..3 channel sequence numbers out of the live stream every N ticks
 * (they stay retransmittable); {@code drop[:N]} aborts the live connection (TCP reset, so bytes in
 * flight are lost) every N ticks; {@code malformed[:N]} sends one bad frame that keeps the framing
 * (unknown type, bad value, undefined instrument, wrong length, in turn) every N ticks; and
 * {@code bad-frame[:N]} sends a frame whose length prefix breaks the framing every N ticks, so the
 * client must reconnect. Zero means off.
 */
public record FaultPlan(long skipEvery, long dropEvery, long malformedEvery, long badFrameEvery) {
    public static final long DEFAULT_SKIP_EVERY = 997;
    public static final long DEFAULT_DROP_EVERY = 25_000;
    public static final long DEFAULT_MALFORMED_EVERY = 4_999;
    public static final long DEFAULT_BAD_FRAME_EVERY = 40_000;

    public static FaultPlan none() {
        return new FaultPlan(0, 0, 0, 0);
    }

    /**
     * Parses {@code skip,drop:5000,malformed,bad-frame}.
     *
     * @throws IllegalArgumentException naming the bad item and what is allowed
     */
    public static FaultPlan parse(String list) {
        long skip = 0;
        long drop = 0;
        long malformed = 0;
        long badFrame = 0;
        if (list == null || list.isBlank()) {
            return none();
        }
        for (String item : list.split(",")) {
            String text = item.trim().toLowerCase(Locale.ROOT);
            int colon = text.indexOf(':');
            String name = colon < 0 ? text : text.substring(0, colon);
            long every;
            if (colon < 0) {
                every = -1;
            } else {
                try {
                    every = Long.parseLong(text.substring(colon + 1));
                } catch (NumberFormatException e) {
                    every = -2;
                }
                if (every < 1) {
                    throw new IllegalArgumentException("--faults '" + item + "': the interval after ':' must be a "
                        + "positive number of ticks, e.g. skip:1000");
                }
            }
            switch (name) {
                case "skip" -> skip = every > 0 ? every : DEFAULT_SKIP_EVERY;
                case "drop" -> drop = every > 0 ? every : DEFAULT_DROP_EVERY;
                case "malformed" -> malformed = every > 0 ? every : DEFAULT_MALFORMED_EVERY;
                case "bad-frame" -> badFrame = every > 0 ? every : DEFAULT_BAD_FRAME_EVERY;
                default -> throw new IllegalArgumentException("--faults: unknown fault '" + item
                    + "'; use skip, drop, malformed, bad-frame, each optionally :EVERY_N_TICKS");
            }
        }
        return new FaultPlan(skip, drop, malformed, badFrame);
    }

    static boolean due(long every, long tickNumber) {
        return every > 0 && tickNumber % every == 0;
    }
}
