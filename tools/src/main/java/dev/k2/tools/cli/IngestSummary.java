package dev.k2.tools.cli;

import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import java.io.PrintStream;

/** The summary `k2 ingest` and `k2 demo` print: what came in and what became of it. */
public record IngestSummary(long read, long accepted, long duplicates, long gaps, long gapMissing, long outOfOrder,
                            long resets, long deadLetters, long elapsedMs, String hash) {

    /** @param read input records the feed read (lines for files, messages for generators) */
    public static IngestSummary of(EngineCounters c, long read, long elapsedNs, long acceptedHash) {
        return new IngestSummary(read, c.get(Counter.ACCEPTED), c.get(Counter.DUPLICATES),
            c.get(Counter.GAPS), c.get(Counter.GAP_MISSING), c.get(Counter.OUT_OF_ORDER), c.get(Counter.RESETS),
            c.get(Counter.DEAD_LETTERS), elapsedNs / 1_000_000, String.format("%016x", acceptedHash));
    }

    /** Input records per second over the whole run (read, parse, dedup, sequence check, journal). */
    public long ticksPerSecond() {
        return elapsedMs == 0 ? read * 1000 : read * 1000 / elapsedMs;
    }

    public Json toJson() {
        return new Json().put("read", read).put("accepted", accepted).put("duplicates", duplicates)
            .put("gaps", gaps).put("gapMissing", gapMissing).put("outOfOrder", outOfOrder).put("resets", resets)
            .put("deadLetters", deadLetters).put("elapsedMs", elapsedMs).put("ticksPerSecond", ticksPerSecond())
            .put("hash", hash);
    }

    public void print(PrintStream out) {
        out.printf("read          %,d%n", read);
        out.printf("accepted      %,d%n", accepted);
        out.printf("duplicates    %,d%n", duplicates);
        out.printf("gaps          %,d (%,d numbers missing)%n", gaps, gapMissing);
        out.printf("out of order  %,d%n", outOfOrder);
        out.printf("resets        %,d%n", resets);
        out.printf("dead letters  %,d%s%n", deadLetters, deadLetters > 0 ? "  (see `k2 dump --dead-letters`)" : "");
        out.printf("elapsed       %,d ms%n", elapsedMs);
        out.printf("rate          %,d ticks/s%n", ticksPerSecond());
    }
}
