package dev.k2.engine.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters readable at any time without stopping the engine. A stage counter has a single writer, so
 * its increment is a plain read plus an ordered (lazySet) write: no CAS, no lock, no allocation.
 * Feed counters, which several feed threads may share, use an atomic add.
 */
public final class EngineCounters {
    private static final Counter[] COUNTERS = Counter.values();
    private final AtomicLongArray values = new AtomicLongArray(COUNTERS.length);

    /** From the counter's owning thread, or any thread for a {@link Counter#sharedByWriters()} counter. */
    public void increment(Counter counter) {
        add(counter, 1);
    }

    /** From the counter's owning thread, or any thread for a {@link Counter#sharedByWriters()} counter. */
    public void add(Counter counter, long delta) {
        int i = counter.ordinal();
        if (counter.sharedByWriters()) {
            values.getAndAdd(i, delta);
        } else {
            values.lazySet(i, values.get(i) + delta);
        }
    }

    public long get(Counter counter) {
        return values.get(counter.ordinal());
    }

    public Map<Counter, Long> snapshot() {
        Map<Counter, Long> map = new EnumMap<>(Counter.class);
        for (Counter counter : COUNTERS) {
            map.put(counter, get(counter));
        }
        return map;
    }
}
