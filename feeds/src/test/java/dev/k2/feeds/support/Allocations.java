package dev.k2.feeds.support;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the calling thread, from the JVM's own per-thread counter. */
public final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    public static long byThisThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
