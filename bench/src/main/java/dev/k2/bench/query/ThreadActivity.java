package dev.k2.bench.query;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the live threads did: bytes allocated and CPU time (the JVM's thread bean), and how long each
 * waited for a CPU while runnable and how often the kernel took the CPU from it (Linux's per-task
 * {@code schedstat} and {@code nonvoluntary_ctxt_switches} under {@code /proc/self/task}; left out
 * where those files are missing). Take one before a timed phase and one after ({@link #since}),
 * summed by thread name with digits dropped ({@code k2-query-io-2-1} → {@code k#-query-io-#-#}): who
 * allocated (and so brought the collector), who took the CPUs, who waited for one. A latency tail the
 * waits show is the scheduler's (two vCPUs, more runnable threads); one they do not show is outside
 * the guest (the host not running the vCPU) or in the code.
 */
public final class ThreadActivity {
    private static final String ALLOCATED = "alloc:";
    private static final String CPU = "cpu:";
    private static final String WAIT = "wait:";
    private static final String PREEMPTED = "preempted:";
    private static final Path TASKS = Path.of("/proc/self/task");

    /**
     * In a snapshot, keyed {@code thread|measure:name} (thread: {@code j} + the JVM's id or {@code t} +
     * the kernel's); in an interval, {@code measure:name}, summed over the threads of that name.
     */
    private final Map<String, Long> values;
    /**
     * A snapshot's own garbage: what reading {@code /proc} allocated on the calling thread after its
     * allocation counter was read ({@code ownKey}), so an interval starting at this snapshot does not
     * count it as the phase's (~1 KB per query at 1,000 q/s, measured, before this was subtracted).
     */
    private final String ownKey;
    private final long ownBytes;

    private ThreadActivity(Map<String, Long> values, String ownKey, long ownBytes) {
        this.values = values;
        this.ownKey = ownKey;
        this.ownBytes = ownBytes;
    }

    public static ThreadActivity now() {
        Map<String, Long> values = new LinkedHashMap<>();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        String ownKey = null;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long id = info.getThreadId();
                String thread = "j" + id + "|";
                String name = withoutDigits(info.getThreadName());
                values.put(thread + ALLOCATED + name, Math.max(0, threads.getThreadAllocatedBytes(id)));
                if (id == self) {
                    ownKey = thread + ALLOCATED + name;
                }
                values.put(thread + CPU + name, Math.max(0, threads.getThreadCpuTime(id)));
            }
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                try {
                    String thread = "t" + task.getFileName() + "|";
                    String name = withoutDigits(Files.readString(task.resolve("comm")).trim());
                    long waitNanos = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]);
                    long preempted = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            preempted = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    values.put(thread + WAIT + name, waitNanos);
                    values.put(thread + PREEMPTED + name, preempted);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read, or this kernel keeps no schedstat: leave it out
                }
            }
        } catch (IOException e) {
            // no /proc here: allocation and CPU only
        }
        long ownBytes = ownKey == null ? 0 : threads.getCurrentThreadAllocatedBytes() - values.get(ownKey);
        return new ThreadActivity(values, ownKey, ownBytes);
    }

    private static String withoutDigits(String name) {
        return name.replaceAll("[0-9]+", "#");
    }

    /**
     * What each thread did since {@code before}, summed by name: taken per thread, so a thread that
     * ended in between drops out instead of making its name's sum negative; one started since counts
     * from zero.
     */
    public ThreadActivity since(ThreadActivity before) {
        Map<String, Long> delta = new LinkedHashMap<>();
        values.forEach((key, now) -> delta.merge(key.substring(key.indexOf('|') + 1),
            now - before.values.getOrDefault(key, 0L), Long::sum));
        if (before.ownKey != null && values.containsKey(before.ownKey)) {
            delta.merge(before.ownKey.substring(before.ownKey.indexOf('|') + 1), -before.ownBytes, Long::sum);
        }
        return new ThreadActivity(delta, null, 0);
    }

    /** Adds another interval's activity (for phases run in rounds). */
    public ThreadActivity plus(ThreadActivity other) {
        Map<String, Long> sum = new LinkedHashMap<>(values);
        other.values.forEach((name, value) -> sum.merge(name, value, Long::sum));
        return new ThreadActivity(sum, null, 0);
    }

    public static ThreadActivity none() {
        return new ThreadActivity(Map.of(), null, 0);
    }

    /** Bytes allocated per query by each thread (from 16 B), for an interval that ran {@code queries}. */
    public String allocatedPerQuery(long queries) {
        StringBuilder line = new StringBuilder("allocated per query:");
        values.forEach((key, bytes) -> {
            if (key.startsWith(ALLOCATED) && queries > 0 && bytes / queries >= 16) {
                line.append(String.format(Locale.ROOT, " %s %,d B;", key.substring(ALLOCATED.length()), bytes / queries));
            }
        });
        return line.toString();
    }

    /** CPU milliseconds per thread (from 1 ms). */
    public String cpuMillis() {
        StringBuilder line = new StringBuilder("cpu ms:");
        values.forEach((key, nanos) -> {
            if (key.startsWith(CPU) && nanos >= 1_000_000) {
                line.append(String.format(Locale.ROOT, " %s %d;", key.substring(CPU.length()), nanos / 1_000_000));
            }
        });
        return line.toString();
    }

    /** Threads that waited at least 1 ms for a CPU while runnable: milliseconds waited and times preempted. */
    public String waitedMillis() {
        StringBuilder line = new StringBuilder("waited for a CPU while runnable, ms (preempted):");
        values.forEach((key, nanos) -> {
            if (key.startsWith(WAIT) && nanos >= 1_000_000) {
                String name = key.substring(WAIT.length());
                line.append(String.format(Locale.ROOT, " %s %.1f (%d);", name, nanos / 1e6,
                    values.getOrDefault(PREEMPTED + name, 0L)));
            }
        });
        return line.toString();
    }
}
