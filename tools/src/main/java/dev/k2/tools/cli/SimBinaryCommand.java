package dev.k2.tools.cli;

import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.sim.binary.BinarySimSettings;
import dev.k2.feeds.sim.binary.BinarySimulator;
import dev.k2.feeds.sim.binary.FaultPlan;
import dev.k2.feeds.sim.binary.SimSummary;
import dev.k2.tools.runtime.StopSignal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code k2 sim binary}: a local exchange speaking the binary tick protocol. */
@Command(name = "binary", mixinStandardHelpOptions = true,
    description = {
        "Serve the binary tick protocol on 127.0.0.1: ticks on the live port, re-requests answered with",
        "the original frames on the retransmission port. Production starts at the first logon, runs at",
        "--rate (each tick carries its planned send time as exchange time) until --count ticks, and the",
        "simulator keeps serving heartbeats and retransmissions for --linger, then exits and writes its",
        "summary (per channel first/last sequence and distinct ticks, skipped numbers, malformed frames).",
        "Deterministic for a seed."},
    footer = {"", "Example: k2 sim binary --port 9100 --rate 50000 --count 500000 --faults skip,drop --summary-file sim.json"})
public final class SimBinaryCommand implements Callable<Integer> {
    @Option(names = "--port", required = true, paramLabel = "P", description = "Live port (0 = any free port, printed).")
    int port;

    @Option(names = "--retransmit-port", paramLabel = "R", description = "Retransmission port. Default: --port + 1 (any free one with --port 0).")
    Integer retransmitPort;

    @Option(names = "--rate", paramLabel = "N|max", defaultValue = "max",
        description = "Ticks per second offered, or max (as fast as the client reads). Default: ${DEFAULT-VALUE}.")
    String rate;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000000", description = "Ticks to produce. Default: ${DEFAULT-VALUE}.")
    long count;

    @Option(names = "--instruments", paramLabel = "K", defaultValue = "8", description = "Instruments. Default: ${DEFAULT-VALUE}.")
    int instruments;

    @Option(names = "--channels", paramLabel = "C", defaultValue = "4", description = "Channels (instruments spread round-robin). Default: ${DEFAULT-VALUE}.")
    int channels;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Market seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--faults", paramLabel = "LIST",
        description = "Comma-separated faults, each optionally :EVERY_N_TICKS: skip (sequence numbers left out of the "
            + "live stream), drop (connection reset), malformed (a bad frame, framing kept), bad-frame (framing broken).")
    String faults;

    @Option(names = "--duration", paramLabel = "D", description = "Stop producing after this long even if --count is not reached.")
    String duration;

    @Option(names = "--linger", paramLabel = "D", defaultValue = "5s",
        description = "Keep serving heartbeats and retransmissions this long after the last tick. Default: ${DEFAULT-VALUE}.")
    String linger;

    @Option(names = "--summary-file", paramLabel = "F", description = "Write the JSON summary here too.")
    Path summaryFile;

    @Override
    public Integer call() throws InterruptedException, IOException {
        long ratePerSecond = parseRate(rate);
        Duration maxDuration = duration == null ? Duration.ZERO : Durations.parse("--duration", duration);
        Duration lingerFor = Durations.parse("--linger", linger);
        int retransmit = retransmitPort != null ? retransmitPort : port == 0 ? 0 : port + 1;
        BinarySimSettings settings = new BinarySimSettings(port, retransmit, ratePerSecond, count, maxDuration.toNanos(),
            instruments, channels, seed, FaultPlan.parse(faults), BinarySimSettings.DEFAULT_HEARTBEAT_NS,
            BinarySimSettings.DEFAULT_RETAIN_PER_CHANNEL, EpochClock.system());
        SimSummary summary = serve(settings, maxDuration, lingerFor);
        String json = summary.toJson();
        if (summaryFile != null) {
            Files.writeString(summaryFile, json + System.lineSeparator());
        }
        System.out.println(json);
        return 0;
    }

    private SimSummary serve(BinarySimSettings settings, Duration maxDuration, Duration lingerFor)
        throws InterruptedException {
        try (BinarySimulator sim = new BinarySimulator(settings).start(); StopSignal stop = StopSignal.install()) {
            System.err.printf("k2 sim binary: live tcp://127.0.0.1:%d, retransmission tcp://127.0.0.1:%d, %s ticks at %s/s%n",
                sim.livePort(), sim.retransmitPort(), count, settings.ratePerSecond() == 0 ? "max" : settings.ratePerSecond());
            long deadline = maxDuration.isZero() ? Long.MAX_VALUE : System.nanoTime() + maxDuration.toNanos() + lingerFor.toNanos();
            while (!sim.finished() && System.nanoTime() < deadline && !stop.await(20_000_000L)) {
                // serving until the count or duration is done, or Ctrl-C
            }
            stop.await(lingerFor.toNanos());
            return sim.summary();
        }
    }

    static long parseRate(String text) {
        if (text.equalsIgnoreCase("max")) {
            return 0;
        }
        try {
            long value = Long.parseLong(text.replace("_", "").toLowerCase(Locale.ROOT));
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate '" + text + "': use a positive number of ticks per second or max", e);
        }
        throw new IllegalArgumentException("--rate '" + text + "': use a positive number of ticks per second or max");
    }
}
