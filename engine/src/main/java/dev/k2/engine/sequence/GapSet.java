package dev.k2.engine.sequence;

/**
 * The open gaps of one stream: disjoint, sorted, inclusive ranges [from, to] of missing sequence
 * numbers, in two parallel primitive arrays (no allocation after construction).
 *
 * <p>Bounded: when {@link #open(long, long)} would exceed the capacity, the oldest gap is given up
 * (it stays a journaled gap marker; only the ability to accept a very late fill for it is lost), and
 * {@link #abandoned()} counts how many numbers were given up so nothing disappears unreported.
 */
public final class GapSet {
    private final long[] from;
    private final long[] to;
    private int size;
    private long abandoned;

    public GapSet(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("gap capacity must be >= 1, was " + capacity);
        }
        from = new long[capacity];
        to = new long[capacity];
    }

    /** Opens a gap above all existing ones (gaps only ever open above the high-water mark). */
    public void open(long gapFrom, long gapTo) {
        if (size == from.length) {
            abandoned += to[0] - from[0] + 1;
            System.arraycopy(from, 1, from, 0, size - 1);
            System.arraycopy(to, 1, to, 0, size - 1);
            size--;
        }
        from[size] = gapFrom;
        to[size] = gapTo;
        size++;
    }

    /** @return index of the gap containing {@code seq}, or -1. */
    public int find(long seq) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (to[mid] < seq) {
                lo = mid + 1;
            } else if (from[mid] > seq) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * Removes {@code seq} from the gap at {@code index}, shrinking or splitting it. A split that would
     * exceed the capacity first gives up the oldest gap (or, when that is the one split, its lower part).
     */
    public void fill(int index, long seq) {
        long f = from[index];
        long t = to[index];
        if (f == t) {
            System.arraycopy(from, index + 1, from, index, size - index - 1);
            System.arraycopy(to, index + 1, to, index, size - index - 1);
            size--;
        } else if (seq == f) {
            from[index] = f + 1;
        } else if (seq == t) {
            to[index] = t - 1;
        } else {
            if (size == from.length) {
                if (index == 0) {
                    // the gap being split is the oldest: give up its lower part, keep the upper
                    abandoned += seq - f;
                    from[0] = seq + 1;
                    return;
                }
                abandoned += to[0] - from[0] + 1;
                System.arraycopy(from, 1, from, 0, size - 1);
                System.arraycopy(to, 1, to, 0, size - 1);
                size--;
                index--;
            }
            System.arraycopy(from, index + 1, from, index + 2, size - index - 1);
            System.arraycopy(to, index + 1, to, index + 2, size - index - 1);
            to[index] = seq - 1;
            from[index + 1] = seq + 1;
            to[index + 1] = t;
            size++;
        }
    }

    public void clear() {
        size = 0;
    }

    /** Restores saved gaps ({@code from0, to0, from1, to1, ...}, ascending); the newest are kept if too many. */
    void restore(long abandonedNumbers, long[] bounds) {
        size = 0;
        abandoned = abandonedNumbers;
        for (int i = 0; i + 1 < bounds.length; i += 2) {
            open(bounds[i], bounds[i + 1]);
        }
    }

    public int size() {
        return size;
    }

    public long from(int index) {
        return from[index];
    }

    public long to(int index) {
        return to[index];
    }

    /** Sum of the sizes of the open gaps. */
    public long missing() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += to[i] - from[i] + 1;
        }
        return total;
    }

    /** Numbers given up because the set was full. */
    public long abandoned() {
        return abandoned;
    }
}
