package dev.k2.tools.cli;

import dev.k2.feeds.sim.binance.BinanceSimConfig;
import dev.k2.feeds.sim.binance.BinanceSimulator;
import dev.k2.feeds.sim.binance.SimFault;
import dev.k2.feeds.sim.binance.SimSummary;
import dev.k2.tools.runtime.StopSignal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code k2 sim binance}: a local Binance (WebSocket streams and REST trade history) on 127.0.0.1. */
@Command(name = "binance", mixinStandardHelpOptions = true,
    description = {
        "Serve Binance's market-data WebSocket (/stream?streams=btcusdt@trade/..., /ws/<stream>) and the",
        "REST history endpoints (/api/v3/historicalTrades, /api/v3/aggTrades) on 127.0.0.1, with",
        "Binance's payloads, pings (a client that does not pong in time is dropped) and the",
        "serverShutdown event. Trades are a random walk on realistic tick and lot sizes, deterministic",
        "for a seed; they start when the first client subscribes and stop at --count or --duration.",
        "The simulator then serves REST for --linger and writes its summary: per symbol the first and",
        "last trade id and the number of distinct trades, and the malformed frames it sent."},
    footer = {"", "Faults (--faults, KIND@N = at the N-th trade): drop, skip (live only; REST has it), repeat, reorder,",
        "malformed, stall (connection goes silent), no-ping, no-pong (pongs ignored: dropped at the pong timeout),",
        "shutdown (serverShutdown event, then close after --shutdown-grace).",
        "", "Example: k2 sim binance --port 9443 --rate 500 --count 5000 --faults skip@100,drop@2000 --summary-file sim.json"})
public final class SimBinanceCommand implements Callable<Integer> {
    @Option(names = "--port", required = true, paramLabel = "P", description = "Port on 127.0.0.1 (0 = any free port, printed).")
    int port;

    @Option(names = "--symbols", paramLabel = "S,S", split = ",", defaultValue = "BTCUSDT,ETHUSDT,BNBUSDT",
        description = "Symbols traded. Default: ${DEFAULT-VALUE}.")
    List<String> symbols;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "100", description = "Trades per second over all symbols. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Stop after this many trades (0: no limit). Default: ${DEFAULT-VALUE}.")
    long count;

    @Option(names = "--duration", paramLabel = "D", description = "Stop producing after this long (500ms, 30s, 5m). Default: until --count or Ctrl-C.")
    String duration;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Market seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--faults", paramLabel = "LIST", description = "Comma-separated KIND@N faults (see below).")
    String faults;

    @Option(names = "--ping-interval", paramLabel = "D", defaultValue = "20s", description = "Server ping period. Default: ${DEFAULT-VALUE}.")
    String pingInterval;

    @Option(names = "--pong-timeout", paramLabel = "D", defaultValue = "60s", description = "Drop a client whose pong is this late. Default: ${DEFAULT-VALUE}.")
    String pongTimeout;

    @Option(names = "--shutdown-grace", paramLabel = "D", defaultValue = "2s", description = "Close this long after serverShutdown. Default: ${DEFAULT-VALUE}.")
    String shutdownGrace;

    @Option(names = "--linger", paramLabel = "D", defaultValue = "5s",
        description = "Keep serving (REST, pings) this long after the last trade. Default: ${DEFAULT-VALUE}.")
    String linger;

    @Option(names = "--summary-file", paramLabel = "F", description = "Write the JSON summary here too.")
    Path summaryFile;

    @Override
    public Integer call() throws InterruptedException, IOException {
        Duration runFor = duration == null ? null : Durations.parse("--duration", duration);
        Duration lingerFor = Durations.parse("--linger", linger);
        BinanceSimConfig config = BinanceSimConfig.of(port, symbols, rate, count, seed, SimFault.parseList(faults))
            .withDuration(runFor)
            .withPing(Durations.parse("--ping-interval", pingInterval), Durations.parse("--pong-timeout", pongTimeout))
            .withShutdownGrace(Durations.parse("--shutdown-grace", shutdownGrace));
        SimSummary summary;
        try (BinanceSimulator sim = new BinanceSimulator(config); StopSignal stop = StopSignal.install()) {
            int bound = sim.start();
            System.err.printf("k2 sim binance: ws://127.0.0.1:%d/stream?streams=..., REST http://127.0.0.1:%d/api/v3/..., %s trades/s%n",
                bound, bound, rate);
            long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
            while (!sim.finished() && System.nanoTime() < deadline && !stop.await(20_000_000L)) {
                // serving until the count or duration is done, or Ctrl-C
            }
            stop.await(lingerFor.toNanos());
            summary = sim.summary();
        }
        String json = summary.toJson();
        if (summaryFile != null) {
            Files.writeString(summaryFile, json + System.lineSeparator());
        }
        System.out.println(json);
        return 0;
    }
}
