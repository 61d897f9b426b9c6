package dev.k2.feeds.binance;

import java.util.ArrayList;
import java.util.List;

/**
 * The feed's own view of one contiguous id stream (a symbol's trades or aggTrades): the highest id
 * seen and the ranges still missing below it. The engine's sequence check is the authority on what
 * is journaled; this tracker only decides what to ask REST for. A skip opens a pending range; late
 * ids (a reorder, the other connection during a rotation) shrink it; what is still missing after a
 * grace period is backfilled. Owned by the feed's event loop; allocates only when a gap opens.
 */
final class GapTracker {
    /** A missing range {@code [from, to]}, opened at {@code openedNs}. */
    static final class Gap {
        long from;
        long to;
        final long openedNs;
        boolean requested;

        Gap(long from, long to, long openedNs) {
            this.from = from;
            this.to = to;
            this.openedNs = openedNs;
        }

        long size() {
            return to - from + 1;
        }
    }

    private final BinanceStream stream;
    private final int instrumentId;
    private final String symbol;
    private final List<Gap> gaps = new ArrayList<>(2);
    private long highest;

    /** @param resumeAfter the last id already journaled (a restart resumes after it), or -1 */
    GapTracker(BinanceStream stream, int instrumentId, String symbol, long resumeAfter) {
        this.stream = stream;
        this.instrumentId = instrumentId;
        this.symbol = symbol;
        this.highest = resumeAfter;
    }

    /**
     * Notes an id that was published.
     *
     * @return true when it opened a new gap
     */
    boolean onId(long id, long nowNs) {
        if (highest < 0) {
            highest = id;
            return false;
        }
        if (id == highest + 1) {
            highest = id;
            return false;
        }
        if (id > highest) {
            gaps.add(new Gap(highest + 1, id - 1, nowNs));
            highest = id;
            return true;
        }
        if (!gaps.isEmpty()) {
            fill(id);
        }
        return false;
    }

    private void fill(long id) {
        for (int i = 0; i < gaps.size(); i++) {
            Gap gap = gaps.get(i);
            if (id < gap.from || id > gap.to) {
                continue;
            }
            if (gap.from == gap.to) {
                gaps.remove(i);
            } else if (id == gap.from) {
                gap.from++;
            } else if (id == gap.to) {
                gap.to--;
            } else {
                Gap upper = new Gap(id + 1, gap.to, gap.openedNs);
                upper.requested = gap.requested;
                gap.to = id - 1;
                gaps.add(i + 1, upper);
            }
            return;
        }
    }

    /** Pending gaps (live view; the feed removes the ones it gives up on). */
    List<Gap> gaps() {
        return gaps;
    }

    /** Ids still missing. */
    long missing() {
        long total = 0;
        for (Gap gap : gaps) {
            total += gap.size();
        }
        return total;
    }

    long highest() {
        return highest;
    }

    BinanceStream stream() {
        return stream;
    }

    int instrumentId() {
        return instrumentId;
    }

    String symbol() {
        return symbol;
    }
}
