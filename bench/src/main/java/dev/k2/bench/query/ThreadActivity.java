package dev.k2.bench.query;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes allocated and CPU time used by the live threads: take one before a timed phase and one after
 * ({@link #since}), summed by thread name with digits dropped ({@code k2-query-io-2-1} →
 * {@code k#-query-io-#-#}), to see who allocated (and so brought the collector) and who took the CPUs.
 */
public final class ThreadActivity {
    private static final String CPU = "cpu:";

    /** By thread id: allocated bytes and CPU nanoseconds, with the thread's name without digits. */
    private final Map<Long, long[]> byThread;
    private final Map<Long, String> names;
    /** By name without digits: {@code name} for bytes, {@code cpu:name} for CPU (deltas only). */
    private final Map<String, Long> totals;

    private ThreadActivity(Map<Long, long[]> byThread, Map<Long, String> names, Map<String, Long> totals) {
        this.byThread = byThread;
        this.names = names;
        this.totals = totals;
    }

    public static ThreadActivity now() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, long[]> byThread = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long id = info.getThreadId();
                byThread.put(id, new long[] {Math.max(0, threads.getThreadAllocatedBytes(id)),
                    Math.max(0, threads.getThreadCpuTime(id))});
                names.put(id, info.getThreadName().replaceAll("[0-9]+", "#"));
            }
        }
        return new ThreadActivity(byThread, names, Map.of());
    }

    /**
     * What each thread did since {@code before}, summed by name: taken per thread, so a thread that
     * ended in between drops out instead of making its name's sum negative; one started since counts
     * from zero.
     */
    public ThreadActivity since(ThreadActivity before) {
        Map<String, Long> delta = new LinkedHashMap<>();
        byThread.forEach((id, now) -> {
            long[] then = before.byThread.getOrDefault(id, new long[2]);
            String name = names.get(id);
            delta.merge(name, now[0] - then[0], Long::sum);
            delta.merge(CPU + name, now[1] - then[1], Long::sum);
        });
        return new ThreadActivity(Map.of(), Map.of(), delta);
    }

    /** Adds another interval's activity (for phases run in rounds). */
    public ThreadActivity plus(ThreadActivity other) {
        Map<String, Long> sum = new LinkedHashMap<>(totals);
        other.totals.forEach((name, value) -> sum.merge(name, value, Long::sum));
        return new ThreadActivity(Map.of(), Map.of(), sum);
    }

    public static ThreadActivity none() {
        return new ThreadActivity(Map.of(), Map.of(), Map.of());
    }

    /** Bytes allocated per query by each thread (from 16 B), for an interval that ran {@code queries}. */
    public String allocatedPerQuery(long queries) {
        StringBuilder line = new StringBuilder("allocated per query:");
        totals.forEach((name, bytes) -> {
            if (!name.startsWith(CPU) && queries > 0 && bytes / queries >= 16) {
                line.append(String.format(Locale.ROOT, " %s %,d B;", name, bytes / queries));
            }
        });
        return line.toString();
    }

    /** CPU milliseconds per thread (from 1 ms). */
    public String cpuMillis() {
        StringBuilder line = new StringBuilder("cpu ms:");
        totals.forEach((name, nanos) -> {
            if (name.startsWith(CPU) && nanos >= 1_000_000) {
                line.append(String.format(Locale.ROOT, " %s %d;", name.substring(CPU.length()), nanos / 1_000_000));
            }
        });
        return line.toString();
    }
}
