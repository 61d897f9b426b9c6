package dev.k2.tools.cli;

import dev.k2.tools.replay.ReplaySink;
import dev.k2.tools.replay.ReplaySpeed;
import dev.k2.tools.replay.Replayer;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {
        "Replay journaled ticks in journal order, optionally filtered and paced.",
        "The summary (ticks, hash, rate) goes to stderr when ticks go to stdout."},
    footer = {"", "CSV columns: " + dev.k2.tools.replay.CsvSink.HEADER,
        "", "Example: k2 replay --symbol BHP --from 2014-03-10 --to 2014-03-11 --sink csv:bhp.csv"})
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--symbol", paramLabel = "S", description = "Only this symbol.")
    String symbol;

    static final class From {
        @Option(names = "--from", paramLabel = "TIME", description = "Exchange time from (inclusive), UTC: 2014-03-10T00:00:00Z or 2014-03-10.")
        String time;
        @Option(names = "--from-index", paramLabel = "N", description = "Journal excerpt index to start at (hex, as `k2 dump` prints it).")
        String index;
        @Option(names = "--since", paramLabel = "TIME",
            description = "Journal time from (inclusive): when ticks were received. Found by binary search over the journal.")
        String since;
    }

    static final class To {
        @Option(names = "--to", paramLabel = "TIME", description = "Exchange time to (exclusive), UTC.")
        String time;
        @Option(names = "--to-index", paramLabel = "N", description = "Last journal excerpt index (inclusive, hex).")
        String index;
    }

    @ArgGroup(exclusive = true)
    From from;

    @ArgGroup(exclusive = true)
    To to;

    @Option(names = "--speed", paramLabel = "max|Nx", defaultValue = "max",
        description = "max, or a factor of the original spacing (1x keeps it, 10x is ten times faster). Default: ${DEFAULT-VALUE}")
    String speed;

    @Option(names = "--sink", paramLabel = "null|stdout|csv:FILE", defaultValue = "null",
        description = "Where ticks go: null (measure only), stdout (CSV), csv:FILE. Default: ${DEFAULT-VALUE}")
    String sink;

    @Override
    public Integer call() {
        Replayer.Selection selection = new Replayer.Selection(symbol,
            from != null && from.time != null ? Times.parseEpochNanos("--from", from.time) : Long.MIN_VALUE,
            to != null && to.time != null ? Times.parseEpochNanos("--to", to.time) : Long.MAX_VALUE,
            from != null && from.since != null ? Times.parseEpochNanos("--since", from.since) : Long.MIN_VALUE,
            from != null && from.index != null ? parseIndex("--from-index", from.index) : -1,
            to != null && to.index != null ? parseIndex("--to-index", to.index) : Long.MAX_VALUE);
        ReplaySpeed pace = ReplaySpeed.parse(speed);
        ReplaySink target = ReplaySink.parse(sink);
        boolean ticksOnStdout = sink.equals("stdout");
        Replayer.Result result;
        try (ProgressBar progress = ProgressBar.create(!common.json() && !ticksOnStdout, "replay", "ticks", 0)) {
            result = Replayer.replay(common.existingJournal(), selection, pace, target, n -> progress.update(n, n));
        }
        PrintStream out = ticksOnStdout ? System.err : System.out;
        long elapsedMs = result.elapsedNs() / 1_000_000;
        if (common.json()) {
            out.println(new Json().put("ticks", result.ticks()).put("hash", result.hash()).put("elapsedMs", elapsedMs)
                .put("ticksPerSecond", (long) result.ticksPerSecond()));
        } else {
            out.printf("replayed %,d ticks in %,d ms (%,.0f ticks/s), hash %s%n", result.ticks(), elapsedMs,
                result.ticksPerSecond(), result.hash());
        }
        return 0;
    }

    static long parseIndex(String option, String text) {
        try {
            return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseUnsignedLong(text, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "': not a hexadecimal journal index (see `k2 dump`)");
        }
    }
}
