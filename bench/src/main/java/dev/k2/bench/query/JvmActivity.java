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

    /** This and {@code other} together (for phases run in rounds). */
    public JvmActivity plus(JvmActivity other) {
        return new JvmActivity(collections + other.collections, gcMillis + other.gcMillis, jitMillis + other.jitMillis);
    }

    /** What happened since {@code before}. */
    public JvmActivity since(JvmActivity before) {
        return new JvmActivity(collections - before.collections, gcMillis - before.gcMillis, jitMillis - before.jitMillis);
    }

    /**
     * Waits until the JIT compilers have been idle for {@code quietMillis} (at most {@code maxMillis}):
     * a timed phase should not share two CPUs with a compiler thread still working off what loading
     * and warming up queued. Returns the compile time seen while waiting.
     */
    public static long awaitQuietJit(long quietMillis, long maxMillis) throws InterruptedException {
        long start = now().jitMillis;
        long last = start;
        long quietSince = System.nanoTime();
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            long jit = now().jitMillis;
            if (jit != last) {
                last = jit;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quietMillis * 1_000_000) {
                break;
            }
        }
        return last - start;
    }
}
