package dev.k2.bench;

import dev.k2.bench.query.Answers;
import dev.k2.bench.query.DataLoader;
import dev.k2.bench.query.DuckDbTarget;
import dev.k2.bench.query.JvmActivity;
import dev.k2.bench.query.K2Target;
import dev.k2.bench.query.LoopbackEcho;
import dev.k2.bench.query.Pacer;
import dev.k2.bench.query.LoopbackK2;
import dev.k2.bench.query.QueryTarget;
import dev.k2.bench.query.QuestDbTarget;
import dev.k2.bench.query.ThreadActivity;
import dev.k2.bench.query.TickTape;
import dev.k2.feeds.asx.AsxFileFeed;
import dev.k2.feeds.synthetic.TickGenerator;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.SyncResult;
import dev.k2.query.api.QueryService;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Issue 5's query targets, K2 against DuckDB (native tables) and QuestDB (embedded), on the same data
 * in the same run:
 *
 * <ul>
 *   <li>last 100 trades of one symbol, paced at a fixed rate (default 1,000 queries/s), latency from
 *       each query's planned start (no coordinated omission), on the ASX sample and on the synthetic set,
 *       in interleaved rounds: in each round every engine runs in turn, then a plain blocking-socket echo
 *       of the same sizes (the machine's loopback floor, {@link LoopbackEcho}), then a 1 ms sleeper (its
 *       scheduling floor), so the machine's stalls fall on all of them alike;
 *   <li>1-minute OHLCV + VWAP bars of one symbol over one trading day of the ASX sample (BHP, 11 March
 *       2014, Sydney day);
 *   <li>1-minute bars of every symbol over all synthetic ticks (default 10 M);
 *   <li>latest quote per symbol (ASX quotes; QuestDB {@code LATEST ON});
 *   <li>streaming: the first N synthetic trades (default 1 M) in time order through the engine's result
 *       API, rows/s (K2: {@code Query.Trades} polled from its {@code ResultStream}).
 * </ul>
 *
 * Before anything is timed, every engine's answer to every query is checked against a reference
 * computed in Java from the same ticks; a mismatch is printed loudly and flagged in the table.
 * Data: the ASX sample goes through K2's engine into a journal (the peers get exactly the accepted
 * ticks), synthetic trades from {@link TickGenerator}; both journals are cold-synced to Iceberg, which
 * is what K2's hybrid engine reads. Prices are scaled 1e-8 longs everywhere, times UTC micros,
 * quantities whole shares.
 *
 * <pre>java @jvm.options -Xmx6g -cp bench/target/benchmarks.jar dev.k2.bench.QueryPeersBenchmark [simTicks] [pacedSeconds] [warmupSeconds] [rate] [streamRows]</pre>
 * System properties: {@code k2.bench.asx} (the ASX sample's directory, default /work/shared/data/asx),
 * {@code k2.bench.questdbWorkers} (QuestDB query workers besides the caller, default 1: two threads, as DuckDB's default on 2 cores),
 * {@code k2.bench.peers} ({@code false} leaves DuckDB and QuestDB out: K2 alone, to study its own
 * profile; the README's comparisons always run them) and {@code k2.bench.queries} (a comma-separated
 * subset of {@code last100,bars1,latest,bars,stream}, default all).
 */
public final class QueryPeersBenchmark {
    private static final String ASX_SYMBOL = "BHP";
    private static final LocalDate ASX_DAY = LocalDate.of(2014, 3, 11);
    private static final int LAST_N = 100;
    /** Bytes of one trade row in a TradeBatch frame (its SBE block), for the echo baseline's response size. */
    private static final int ECHO_ROW_BYTES = dev.k2.query.protocol.sbe.TradeBatchEncoder.RowsEncoder.sbeBlockLength();
    private static final long MINUTE_MICROS = 60_000_000L;
    /** Paced last-100 rounds: every engine, the echo and the sleeper take turns in each. */
    private static final int LAST100_ROUNDS = 5;

    private static final boolean PEERS = Boolean.parseBoolean(System.getProperty("k2.bench.peers", "true"));
    private static final List<String> QUERIES = List.of(
        System.getProperty("k2.bench.queries", "last100,bars1,latest,bars,stream").split(","));

    private final List<Result> results = new ArrayList<>();
    private final Map<String, String> mismatches = new LinkedHashMap<>();

    private QueryPeersBenchmark() {
    }

    /** One measured figure of one engine. {@code value} is in {@code unit}; lower is better unless {@code higherBetter}. */
    private record Result(String query, String engine, String metric, double value, String unit, boolean higherBetter) {
    }

    public static void main(String[] args) throws Exception {
        int simTicks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int pacedSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        int streamRows = args.length > 4 ? Integer.parseInt(args[4]) : 1_000_000;
        Path asxRoot = Path.of(System.getProperty("k2.bench.asx", "/work/shared/data/asx"));
        int questdbWorkers = Integer.getInteger("k2.bench.questdbWorkers", 1);
        Path root = TempDirectory.create("k2-bench-queries");
        try {
            new QueryPeersBenchmark().run(root, asxRoot, simTicks, pacedSeconds, warmupSeconds, rate, streamRows,
                questdbWorkers);
        } finally {
            TempDirectory.delete(root);
        }
    }

    private void run(Path root, Path asxRoot, int simTicks, int pacedSeconds, int warmupSeconds, int rate, int streamRows,
                     int questdbWorkers) throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d CPUs, %s %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
            Runtime.getRuntime().maxMemory() >> 20);

        // ---- data: K2 journals (+ cold sync) and the tapes the peers load ----
        TickTape asx = new TickTape(AsxFileFeed.VENUE);
        DataDirectory asxDir = new DataDirectory(root.resolve("k2-asx"));
        long t0 = System.nanoTime();
        long accepted = DataLoader.ingestAsx(asxRoot, asxDir, asx);
        System.out.printf(Locale.ROOT, "ASX sample: %,d ticks accepted (%,d trades, %,d quotes) through the engine in %.2f s%n",
            accepted, asx.tradeCount(), asx.quoteCount(), (System.nanoTime() - t0) / 1e9);
        TickTape sim = new TickTape(TickGenerator.VENUE);
        DataDirectory simDir = new DataDirectory(root.resolve("k2-sim"));
        t0 = System.nanoTime();
        DataLoader.writeSynthetic(simDir, simTicks, 16, sim);
        System.out.printf(Locale.ROOT, "synthetic: %,d trades, 16 symbols, journaled in %.2f s%n", sim.tradeCount(),
            (System.nanoTime() - t0) / 1e9);
        for (DataDirectory d : List.of(asxDir, simDir)) {
            SyncResult s = DataLoader.coldSync(d);
            System.out.printf(Locale.ROOT, "k2 cold sync %s: %,d rows at %,d rows/s%n", d.root().getFileName(), s.rows(),
                s.rowsPerSecond());
        }

        List<QueryTarget> targets = new ArrayList<>();
        QueryService k2Asx = K2Target.openInProcess(asxDir);
        if (k2Asx == null) {
            System.out.println("K2: not available (no " + K2Target.ENGINE_CLASS + " in this build): K2 columns are skipped");
        } else {
            QueryService k2Sim = K2Target.openInProcess(simDir);
            K2Target loopback = new K2Target("K2", "binary QueryServer on 127.0.0.1 (last N and latest through a K2Connection, streams through a K2Client), in front of"
                + " the hybrid engine (journal + Iceberg/Parquet read by its DuckDB cold reader)");
            loopback.add("asx", AsxFileFeed.VENUE, new LoopbackK2(k2Asx, root.resolve("keys-asx.tsv")));
            loopback.add("sim", TickGenerator.VENUE, new LoopbackK2(k2Sim, root.resolve("keys-sim.tsv")));
            K2Target inProcess = new K2Target("K2 in-proc", "the same HybridQueryService called in-process (no socket)");
            inProcess.add("asx", AsxFileFeed.VENUE, k2Asx);
            inProcess.add("sim", TickGenerator.VENUE, k2Sim);
            targets.add(loopback);
            targets.add(inProcess);
        }
        if (PEERS) {
            DuckDbTarget duck = new DuckDbTarget();
            targets.add(duck);
            QuestDbTarget quest = new QuestDbTarget(root.resolve("questdb"), questdbWorkers);
            targets.add(quest);
            for (String set : List.of("asx", "sim")) {
                TickTape tape = set.equals("asx") ? asx : sim;
                System.out.printf(Locale.ROOT, "load %s trades: DuckDB appender %,.0f rows/s, QuestDB TableWriter %,.0f rows/s%n",
                    set, duck.load(set, tape), quest.load(set, tape));
            }
        }
        for (QueryTarget t : targets) {
            System.out.println("engine: " + t.describe());
        }

        try {
            long dayFrom = micros(ASX_DAY);
            long dayTo = micros(ASX_DAY.plusDays(1));
            String simSymbol = TickGenerator.symbol(0);
            long asxFrom = asx.firstTradeMicros();
            long asxTo = asx.lastTradeMicros() + 1;
            long simFrom = sim.firstTradeMicros();
            long simTo = sim.lastTradeMicros() + 1;
            int streamed = Math.min(streamRows, sim.tradeCount());

            // ---- correctness first ----
            List<Answers.Trade> refLastAsx = Answers.lastTrades(asx, ASX_SYMBOL, LAST_N);
            List<Answers.Trade> refLastSim = Answers.lastTrades(sim, simSymbol, LAST_N);
            List<Answers.Bar> refDay = Answers.bars(asx, ASX_SYMBOL, dayFrom, dayTo, MINUTE_MICROS);
            List<Answers.Bar> refAsxAll = Answers.bars(asx, null, asxFrom, asxTo, MINUTE_MICROS);
            List<Answers.Bar> refSimAll = Answers.bars(sim, null, simFrom, simTo, MINUTE_MICROS);
            List<Answers.Quote> refQuotes = Answers.latestQuotes(asx);
            Answers.Scan refScanAsx = Answers.scan(asx, asx.tradeCount());
            Answers.Scan refScanSim = Answers.scan(sim, streamed);
            System.out.printf(Locale.ROOT, "reference: %d BHP bars on %s, %d ASX bars, %d synthetic bars, %d latest quotes%n",
                refDay.size(), ASX_DAY, refAsxAll.size(), refSimAll.size(), refQuotes.size());
            for (QueryTarget t : targets) {
                checkTrades(t, "last100 asx", refLastAsx, t.lastTrades("asx", ASX_SYMBOL, LAST_N));
                checkTrades(t, "last100 sim", refLastSim, t.lastTrades("sim", simSymbol, LAST_N));
                check(t, "bars 1 symbol 1 day", refDay, sorted(t.bars("asx", ASX_SYMBOL, dayFrom, dayTo)));
                check(t, "bars asx all", refAsxAll, sorted(t.bars("asx", null, asxFrom, asxTo)));
                check(t, "bars 10M", refSimAll, sorted(t.bars("sim", null, simFrom, simTo)));
                check(t, "latest quote", refQuotes, t.latestQuotes("asx"));
                check(t, "scan", List.of(refScanAsx), List.of(t.scanTrades("asx", asx.tradeCount())));
                check(t, "scan", List.of(refScanSim), List.of(t.scanTrades("sim", streamed)));
            }
            if (mismatches.isEmpty()) {
                System.out.println("correctness: every engine agrees with the reference on every query");
            }

            // ---- timing ----
            // settle first: loading and checking left gigabytes of garbage, which the collector would otherwise
            // clear during the first engine's timed phase
            // then every engine's last-100 warmed before any is timed, and the JIT left to go quiet: the first timed
            // phase otherwise shared the two CPUs with a compiler thread (measured: 560 ms of JIT within K2's 10 s
            // phase, p99 7.5 ms there against 231 and 357 us for the in-process K2 and QuestDB phases right after it)
            for (String set : QUERIES.contains("last100") ? List.of("asx", "sim") : List.<String>of()) {
                for (QueryTarget t : targets) {
                    phase(() -> t.lastTrades(set, set.equals("asx") ? ASX_SYMBOL : simSymbol, LAST_N), rate,
                        warmupSeconds, null, null);
                }
            }
            System.gc();
            Thread.sleep(2_000);
            System.out.printf(Locale.ROOT, "settle: JIT %d ms until quiet for 2 s%n", JvmActivity.awaitQuietJit(2_000, 60_000));
            if (QUERIES.contains("last100")) {
                last100Rounds(targets, simSymbol, rate, pacedSeconds, warmupSeconds);
            }

            for (QueryTarget t : QUERIES.contains("bars1") ? targets : List.<QueryTarget>of()) {
                long[] ns = timed(() -> t.bars("asx", ASX_SYMBOL, dayFrom, dayTo), 20, 100);
                add("bars 1m BHP 1 day", t, ns, 1e6, "ms");
            }
            for (QueryTarget t : QUERIES.contains("latest") ? targets : List.<QueryTarget>of()) {
                long[] ns = timed(() -> t.latestQuotes("asx"), 200, 2_000);
                add("latest quote/symbol", t, ns, 1e3, "us");
            }
            for (QueryTarget t : QUERIES.contains("bars") ? targets : List.<QueryTarget>of()) {
                long[] ns = timed(() -> t.bars("sim", null, simFrom, simTo), 1, 3);
                add("bars 1m all, " + millions(sim.tradeCount()) + " ticks", t, ns, 1e9, "s");
            }
            for (QueryTarget t : QUERIES.contains("stream") ? targets : List.<QueryTarget>of()) {
                long[] ns = timed(() -> t.scanTrades("sim", streamed), 0, 3);
                double[] rowsPerSecond = Arrays.stream(ns).mapToDouble(n -> streamed / (n / 1e9)).sorted().toArray();
                results.add(new Result("stream " + millions(streamed) + " rows", t.name(), "median rows/s",
                    rowsPerSecond[rowsPerSecond.length / 2], "rows/s", true));
            }
        } finally {
            for (QueryTarget t : targets) {
                t.close();
            }
        }
        report(targets);
    }

    // ---- correctness ----

    private static List<Answers.Bar> sorted(List<Answers.Bar> bars) {
        List<Answers.Bar> copy = new ArrayList<>(bars);
        copy.sort(Answers.BAR_ORDER);
        return copy;
    }

    private void check(QueryTarget t, String query, List<?> expected, List<?> actual) {
        String diff = Answers.difference(expected, actual);
        if (diff != null) {
            mismatches.put(t.name() + ": " + query, diff);
            System.out.println("!!! MISMATCH " + t.name() + " " + query + ": " + diff);
        }
    }

    private void checkTrades(QueryTarget t, String query, List<Answers.Trade> expected, List<Answers.Trade> actual) {
        String diff = Answers.difference(expected, actual);
        if (diff != null && new HashSet<>(expected).equals(new HashSet<>(actual)) && expected.size() == actual.size()) {
            System.out.println("note: " + t.name() + " " + query + ": same trades, different order among equal timestamps");
            return;
        }
        check(t, query, expected, actual);
    }

    // ---- timing ----

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    /** A paced run: latency from planned start, service time (start to end), and how much of the plan ran. */
    /**
     * Last 100 trades, paced, in interleaved rounds: each round runs every engine on both data sets (in
     * an order rotated each round), then the loopback echo, then the 1 ms sleeper, for
     * {@code pacedSeconds / LAST100_ROUNDS} seconds each (at least 1 s), so a stall of this shared
     * machine lands on all of them alike instead of on whichever ran in that window. Latency counts from each query's planned start; the floors get their own slots (a sleeper
     * beside the queries would be a third thread waking every millisecond on two CPUs).
     */
    private void last100Rounds(List<QueryTarget> targets, String simSymbol, int rate, int pacedSeconds, int warmupSeconds)
        throws Exception {
        int seconds = Math.max(1, pacedSeconds / LAST100_ROUNDS);
        Map<String, Tally> tallies = new LinkedHashMap<>();
        Histogram echoLatency = new Histogram(TimeUnit.SECONDS.toNanos(600), 3);
        Histogram echoSentLate = new Histogram(TimeUnit.SECONDS.toNanos(600), 3);
        Histogram sleeperLateness = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        try (LoopbackEcho echo = new LoopbackEcho(LAST_N * ECHO_ROW_BYTES)) {
            phase(() -> {
                echo.call();
                return null;
            }, rate, warmupSeconds, null, null);
            for (int round = 1; round <= LAST100_ROUNDS; round++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "last100 round %d p99 us:", round));
                // the engines' order rotates each round: a collection of one engine's garbage, or a stall, does
                // not always land on the same next engine
                List<QueryTarget> order = new ArrayList<>(targets);
                java.util.Collections.rotate(order, -(round - 1));
                for (String set : List.of("asx", "sim")) {
                    String symbol = set.equals("asx") ? ASX_SYMBOL : simSymbol;
                    for (QueryTarget t : order) {
                        Tally tally = tallies.computeIfAbsent(t.name() + " " + set, k -> new Tally(t, "last100 " + set));
                        Histogram roundLatency = tally.run(() -> t.lastTrades(set, symbol, LAST_N), rate, seconds);
                        line.append(String.format(Locale.ROOT, " %s %.0f (jit %d, gc %d ms);", tally.key(),
                            roundLatency.getValueAtPercentile(99) / 1e3, tally.lastRound.jitMillis(), tally.lastRound.gcMillis()));
                    }
                }
                Histogram roundEcho = new Histogram(TimeUnit.SECONDS.toNanos(600), 3);
                JvmActivity echoBefore = JvmActivity.now();
                phase(() -> {
                    echo.call();
                    return null;
                }, rate, seconds, roundEcho, new Histogram(TimeUnit.SECONDS.toNanos(600), 3), echoSentLate);
                echoLatency.add(roundEcho);
                JvmActivity echoRound = JvmActivity.now().since(echoBefore);
                Histogram roundSleeper = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                Pacer.sleeper(seconds, roundSleeper);
                sleeperLateness.add(roundSleeper);
                line.append(String.format(Locale.ROOT, " echo %.0f (jit %d, gc %d ms); sleeper %.0f",
                    roundEcho.getValueAtPercentile(99) / 1e3, echoRound.jitMillis(), echoRound.gcMillis(),
                    roundSleeper.getValueAtPercentile(99) / 1e3));
                System.out.println(line);
            }
        }
        for (Tally t : tallies.values()) {
            System.out.printf(Locale.ROOT, "%s %s: p99 %.0f us; while measured %d collections (%d ms), JIT %d ms;"
                    + " the generator sent late by p50 %.0f, p99 %.0f us; service (call to answer) p99 %.0f, p99.9 %.0f,"
                    + " max %.0f us%n",
                t.target.name(), t.query, t.latency.getValueAtPercentile(99) / 1e3, t.jvm.collections(), t.jvm.gcMillis(),
                t.jvm.jitMillis(), t.sentLate.getValueAtPercentile(50) / 1e3, t.sentLate.getValueAtPercentile(99) / 1e3,
                t.service.getValueAtPercentile(99) / 1e3, t.service.getValueAtPercentile(99.9) / 1e3,
                t.service.getMaxValue() / 1e3);
            if (t.target instanceof K2Target k2) {
                System.out.println("    last N not answered from memory (whole run so far): " + k2.lastTradesNotFromMemory());
            }
            System.out.println("    " + t.threads.allocatedPerQuery(t.completed));
            System.out.println("    " + t.threads.cpuMillis());
            System.out.println("    " + t.threads.waitedMillis());
            record(t.query, t.target, t.latency, 1e3, "us");
            double achieved = t.completed / (t.elapsedNanos / 1e9);
            results.add(new Result(t.query, t.target.name(), "service p50", t.service.getValueAtPercentile(50) / 1e3, "us", false));
            results.add(new Result(t.query, t.target.name(), "achieved q/s", achieved, "q/s", true));
            if (t.completed < t.planned) {
                System.out.printf(Locale.ROOT, "%s %s: could not keep up with %,d queries/s: %,d of %,d planned queries"
                    + " ran (%.0f queries/s achieved); each round stopped at twice its length%n", t.target.name(), t.query,
                    rate, t.completed, t.planned, achieved);
            }
        }
        print("platform stall baseline (1 ms sleep, lateness)", sleeperLateness);
        print("loopback echo floor (" + LoopbackEcho.REQUEST_BYTES + " B -> " + LAST_N * ECHO_ROW_BYTES + " B)", echoLatency);
        print("loopback echo floor, sent late by the generator", echoSentLate);
    }

    /** One engine's paced last-100 over all rounds. */
    private static final class Tally {
        final QueryTarget target;
        final String query;
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(600), 3);
        final Histogram service = new Histogram(TimeUnit.SECONDS.toNanos(600), 3);
        /** How late the load generator itself sent each query (its own wake-up), over all rounds. */
        final Histogram sentLate = new Histogram(TimeUnit.SECONDS.toNanos(600), 3);
        long planned;
        long completed;
        long elapsedNanos;
        JvmActivity jvm = new JvmActivity(0, 0, 0);
        /** The last round's collections, GC and JIT time. */
        JvmActivity lastRound = new JvmActivity(0, 0, 0);
        ThreadActivity threads = ThreadActivity.none();

        Tally(QueryTarget target, String query) {
            this.target = target;
            this.query = query;
        }

        String key() {
            return target.name() + " " + query.substring("last100 ".length());
        }

        /** One round; returns its latencies (also added to the totals). */
        Histogram run(Call query, int rate, int seconds) throws Exception {
            Histogram round = new Histogram(TimeUnit.SECONDS.toNanos(600), 3);
            JvmActivity before = JvmActivity.now();
            ThreadActivity threadsBefore = ThreadActivity.now();
            long began = System.nanoTime();
            completed += phase(query, rate, seconds, round, service, sentLate);
            elapsedNanos += System.nanoTime() - began;
            planned += (long) rate * seconds;
            lastRound = JvmActivity.now().since(before);
            jvm = jvm.plus(lastRound);
            threads = threads.plus(ThreadActivity.now().since(threadsBefore));
            latency.add(round);
            return round;
        }
    }

    private static long phase(Call query, int rate, int seconds, Histogram latency, Histogram service) throws Exception {
        return phase(query, rate, seconds, latency, service, null);
    }

    private static long phase(Call query, int rate, int seconds, Histogram latency, Histogram service, Histogram sentLate)
        throws Exception {
        return Pacer.run(query::run, rate, seconds, 2L * seconds, Pacer.DEFAULT_SPIN_NANOS, sentLate, (planned, began, end) -> {
            if (latency != null) {
                latency.recordValue(end - planned);
                service.recordValue(end - began);
            }
        });
    }

    private static long[] timed(Call query, int warmups, int reps) throws Exception {
        for (int i = 0; i < warmups; i++) {
            query.run();
        }
        long[] ns = new long[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            query.run();
            ns[i] = System.nanoTime() - s;
        }
        Arrays.sort(ns);
        return ns;
    }

    private void record(String query, QueryTarget t, Histogram h, double div, String unit) {
        results.add(new Result(query, t.name(), "p50", h.getValueAtPercentile(50) / div, unit, false));
        results.add(new Result(query, t.name(), "p99", h.getValueAtPercentile(99) / div, unit, false));
        results.add(new Result(query, t.name(), "p99.9", h.getValueAtPercentile(99.9) / div, unit, false));
        results.add(new Result(query, t.name(), "max", h.getMaxValue() / div, unit, false));
    }

    private void add(String query, QueryTarget t, long[] sortedNs, double div, String unit) {
        results.add(new Result(query, t.name(), "p50", sortedNs[sortedNs.length / 2] / div, unit, false));
        if (sortedNs.length >= 50) {
            results.add(new Result(query, t.name(), "p99", sortedNs[(int) Math.ceil(sortedNs.length * 0.99) - 1] / div, unit, false));
        }
        results.add(new Result(query, t.name(), "min", sortedNs[0] / div, unit, false));
        results.add(new Result(query, t.name(), "max", sortedNs[sortedNs.length - 1] / div, unit, false));
    }

    // ---- report ----

    private void report(List<QueryTarget> targets) {
        List<String> engines = targets.stream().map(QueryTarget::name).toList();
        String base = engines.contains("K2") ? "K2" : engines.get(0);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%n%-28s %-14s", "query", "metric"));
        for (String e : engines) {
            head.append(String.format(Locale.ROOT, " %14s", e));
        }
        for (String e : engines) {
            if (!e.equals(base)) {
                head.append(String.format(Locale.ROOT, " %14s", e + "/" + base));
            }
        }
        System.out.println(head);
        Map<String, Map<String, Result>> byRow = new LinkedHashMap<>();
        for (Result r : results) {
            byRow.computeIfAbsent(r.query() + "\u0000" + r.metric(), k -> new LinkedHashMap<>()).put(r.engine(), r);
        }
        for (Map<String, Result> row : byRow.values()) {
            Result any = row.values().iterator().next();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s %-14s", any.query(),
                any.metric() + (any.higherBetter() ? "" : " " + any.unit())));
            for (String e : engines) {
                Result r = row.get(e);
                String flag = mismatchFor(e, any.query()) ? "!" : "";
                line.append(String.format(Locale.ROOT, " %14s", r == null ? "-" : format(r.value()) + flag));
            }
            Result b = row.get(base);
            for (String e : engines) {
                if (!e.equals(base)) {
                    Result r = row.get(e);
                    String ratio = r == null || b == null || b.value() == 0 ? "-"
                        : String.format(Locale.ROOT, "%.2fx", r.value() / b.value());
                    line.append(String.format(Locale.ROOT, " %14s", ratio));
                }
            }
            System.out.println(line);
        }
        System.out.println("(ratios: engine value / " + base + " value; for latency > 1 means " + base
            + " is faster, for rows/s < 1 means " + base + " is faster; ! = answer did not match the reference)");
        if (!mismatches.isEmpty()) {
            System.out.println("!!! " + mismatches.size() + " MISMATCH(ES):");
            mismatches.forEach((k, v) -> System.out.println("!!!   " + k + ": " + v));
        }
        StringBuilder json = new StringBuilder("{\"benchmark\":\"QueryPeersBenchmark\",\"cpus\":")
            .append(Runtime.getRuntime().availableProcessors()).append(",\"jvm\":\"")
            .append(System.getProperty("java.runtime.version")).append("\",\"mismatches\":").append(mismatches.size())
            .append(",\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                "{\"query\":\"%s\",\"engine\":\"%s\",\"metric\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}",
                r.query(), r.engine(), r.metric(), r.value(), r.unit()));
        }
        System.out.println(json.append("]}"));
    }

    private boolean mismatchFor(String engine, String query) {
        String set = query.startsWith("last100") ? query : query.startsWith("bars 1m BHP") ? "bars 1 symbol 1 day"
            : query.startsWith("bars 1m all") ? "bars 10M" : query.startsWith("latest") ? "latest quote" : "scan";
        return mismatches.containsKey(engine + ": " + set);
    }

    private static String format(double v) {
        return v >= 1e6 ? String.format(Locale.ROOT, "%,.0f", v) : v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
            : v >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void print(String what, Histogram h) {
        System.out.printf(Locale.ROOT, "%-48s p50 %8.1f us   p99 %8.1f us   p99.9 %8.1f us   max %9.1f us   (n=%,d)%n", what,
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
            h.getMaxValue() / 1e3, h.getTotalCount());
    }

    private static String millions(int n) {
        return n % 1_000_000 == 0 ? n / 1_000_000 + "M" : String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }

    /** Midnight of a Sydney trading day, UTC micros. */
    private static long micros(LocalDate day) {
        return day.atStartOfDay(AsxFileFeed.EXCHANGE_ZONE).toInstant().toEpochMilli() * 1_000L;
    }
}
