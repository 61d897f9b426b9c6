package dev.k2.bench.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How long each of this process's threads waited for a CPU while runnable, and how often the kernel
 * took the CPU from it: Linux's per-task {@code schedstat} (run-queue wait) and
 * {@code nonvoluntary_ctxt_switches}, read from {@code /proc/self/task}. Take one before a timed
 * phase and one after ({@link #since}); summed by thread name with digits dropped, as
 * {@link ThreadActivity}. A latency tail that these show is the scheduler's (two vCPUs, more
 * runnable threads); one they do not show is outside the guest (the host not running the vCPU) or in
 * the code. Empty where {@code /proc} has no such files.
 */
public final class RunQueueWait {
    private static final Path TASKS = Path.of("/proc/self/task");

    /** By task id: name without digits, run-queue wait ns, involuntary switches. */
    private final Map<String, Object[]> byTask;
    /** By name without digits: wait ns and involuntary switches (deltas only). */
    private final Map<String, long[]> totals;

    private RunQueueWait(Map<String, Object[]> byTask, Map<String, long[]> totals) {
        this.byTask = byTask;
        this.totals = totals;
    }

    public static RunQueueWait now() {
        Map<String, Object[]> byTask = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    String[] schedstat = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    long involuntary = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    byTask.put(task.getFileName().toString(), new Object[] {name, Long.parseLong(schedstat[1]), involuntary});
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read, or this kernel has no schedstat: leave it out
                }
            }
        } catch (IOException e) {
            return new RunQueueWait(Map.of(), Map.of());
        }
        return new RunQueueWait(byTask, Map.of());
    }

    /** What each thread waited since {@code before}, summed by name (a thread started since counts from zero). */
    public RunQueueWait since(RunQueueWait before) {
        Map<String, long[]> delta = new LinkedHashMap<>();
        byTask.forEach((id, now) -> {
            Object[] then = before.byTask.getOrDefault(id, new Object[] {now[0], 0L, 0L});
            long[] sum = delta.computeIfAbsent((String) now[0], k -> new long[2]);
            sum[0] += (long) now[1] - (long) then[1];
            sum[1] += (long) now[2] - (long) then[2];
        });
        return new RunQueueWait(Map.of(), delta);
    }

    /** Adds another interval's waits (for phases run in rounds). */
    public RunQueueWait plus(RunQueueWait other) {
        Map<String, long[]> sum = new LinkedHashMap<>();
        for (Map<String, long[]> m : List.of(totals, other.totals)) {
            m.forEach((name, v) -> {
                long[] s = sum.computeIfAbsent(name, k -> new long[2]);
                s[0] += v[0];
                s[1] += v[1];
            });
        }
        return new RunQueueWait(Map.of(), sum);
    }

    public static RunQueueWait none() {
        return new RunQueueWait(Map.of(), Map.of());
    }

    /** Threads that waited at least 1 ms for a CPU: milliseconds waited and times preempted. */
    public String waitedMillis() {
        StringBuilder line = new StringBuilder("waited for a CPU while runnable, ms (preempted):");
        totals.forEach((name, v) -> {
            if (v[0] >= 1_000_000) {
                line.append(String.format(Locale.ROOT, " %s %.1f (%d);", name, v[0] / 1e6, v[1]));
            }
        });
        return line.toString();
    }
}
