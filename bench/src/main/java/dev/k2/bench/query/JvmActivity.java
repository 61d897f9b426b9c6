package dev.k2.bench.query;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the JVM itself did so far: collections and collector time, summed over its collectors (for G1
 * the young and mixed pauses plus the concurrent cycles' time), and the JIT compilers' time. Take one
 * before a timed phase and one after, and a tail can be told apart from the collector's and the
 * compiler's work (on two CPUs a compiler thread takes a core from the measured threads).
 */
public record JvmActivity(long collections, long gcMillis, long jitMillis) {
    public static JvmActivity now() {
        long count = 0;
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitMs = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        return new JvmActivity(count, ms, jitMs);
    }

    /** What happened since {@code before}. */
    public JvmActivity since(JvmActivity before) {
        return new JvmActivity(collections - before.collections, gcMillis - before.gcMillis, jitMillis - before.jitMillis);
    }
}
