package dev.k2.engine.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters readable at any time without stopping the engine. Single writer per counter, so an
 * increment is a plain read plus an ordered (lazySet) write: no CAS, no lock, no allocation.
 */
public final class EngineCounters {
    private static final Counter[] COUNTERS = Counter.values();
    private final AtomicLongArray values = new AtomicLongArray(COUNTERS.length);

    /** Only the counter's owning thread may call this. */
    public void increment(Counter counter) {
        int i = counter.ordinal();
        values.lazySet(i, values.get(i) + 1);
    }

    /** Only the counter's owning thread may call this. */
    public void add(Counter counter, long delta) {
        int i = counter.ordinal();
        values.lazySet(i, values.get(i) + delta);
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
