package dev.k2.bench.query;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Collections and collector time so far, summed over the JVM's collectors (for G1 the young and
 * mixed pauses plus the concurrent cycles' time): take one before a timed phase and one after, and a
 * tail can be told apart from the collector's work.
 */
public record GcTime(long collections, long millis) {
    public static GcTime now() {
        long count = 0;
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new GcTime(count, ms);
    }

    /** What happened since {@code before}. */
    public GcTime since(GcTime before) {
        return new GcTime(collections - before.collections, millis - before.millis);
    }
}
