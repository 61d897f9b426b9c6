package dev.k2.bench.query;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes allocated and CPU time used so far by the live threads, summed by thread name with digits
 * dropped ({@code k2-query-io-2-1} → {@code k#-query-io-#-#}): take one before a timed phase and one
 * after to see who allocated (and so brought the collector) and who took the CPUs.
 */
public final class ThreadActivity {
    private static final String CPU = "cpu:";

    private final Map<String, Long> totals;

    private ThreadActivity(Map<String, Long> totals) {
        this.totals = totals;
    }

    public static ThreadActivity now() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new LinkedHashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                String name = info.getThreadName().replaceAll("[0-9]+", "#");
                long bytes = threads.getThreadAllocatedBytes(info.getThreadId());
                if (bytes > 0) {
                    out.merge(name, bytes, Long::sum);
                }
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    out.merge(CPU + name, cpu, Long::sum);
                }
            }
        }
        return new ThreadActivity(out);
    }

    /** What each thread did since {@code before} (threads started since count from zero). */
    public ThreadActivity since(ThreadActivity before) {
        Map<String, Long> delta = new LinkedHashMap<>();
        totals.forEach((name, value) -> delta.put(name, value - before.totals.getOrDefault(name, 0L)));
        return new ThreadActivity(delta);
    }

    /** Adds another interval's activity (for phases run in rounds). */
    public ThreadActivity plus(ThreadActivity other) {
        Map<String, Long> sum = new LinkedHashMap<>(totals);
        other.totals.forEach((name, value) -> sum.merge(name, value, Long::sum));
        return new ThreadActivity(sum);
    }

    public static ThreadActivity none() {
        return new ThreadActivity(new LinkedHashMap<>());
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
