package dev.k2.bench;

import dev.k2.bench.query.DataLoader;
import dev.k2.bench.query.JvmActivity;
import dev.k2.bench.query.KeepAliveHttp;
import dev.k2.bench.query.LoopbackEcho;
import dev.k2.bench.query.Pacer;
import dev.k2.bench.query.ThreadActivity;
import dev.k2.bench.query.TickTape;
import dev.k2.feeds.synthetic.TickGenerator;
import dev.k2.persistence.DataDirectory;
import dev.k2.query.api.Query;
import dev.k2.query.api.TradeFields;
import dev.k2.query.api.TradeRow;
import dev.k2.query.auth.ApiKeyStore;
import dev.k2.query.client.K2Client;
import dev.k2.query.client.K2Connection;
import dev.k2.query.client.ResultIterator;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.query.engine.HybridQueryService;
import dev.k2.query.hot.HotSettings;
import dev.k2.query.http.HttpQueryServer;
import dev.k2.query.http.HttpServerConfig;
import dev.k2.query.server.QueryServer;
import dev.k2.query.server.ServerSettings;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Last 100 trades over loopback at a fixed rate, taken apart: in rounds, each variant runs for the
 * same paced interval, one after another, so the machine's drift touches them all alike.
 *
 * <ul>
 *   <li>{@code echo}: a plain blocking-socket echo of the same sizes ({@link LoopbackEcho}), the floor;
 *   <li>{@code echo-client-spins}, {@code echo-both-spin}: the same echo with the client, or both
 *       sides, spinning on a non-blocking socket instead of sleeping: how much of the floor's tail is
 *       thread wake-ups and how much is the machine (measurement only: a spinning side takes a CPU
 *       while its variant runs; the echo thread blocks again 50 ms after the last request);
 *   <li>{@code connection}: {@link K2Connection#fetch}, the synchronous client (two thread wake-ups,
 *       as the echo);
 *   <li>{@code fields}: {@link K2Connection#forEachTrade}, the same without row objects (the client
 *       allocates nothing per row either);
 *   <li>{@code fetch}: {@link K2Client#fetch}, the asynchronous client's blocking call (four wake-ups);
 *   <li>{@code iterate}: {@link K2Client#iterate}, rows through its back-pressured queue;
 *   <li>{@code http}: {@code GET /v1/last} as JSON from {@link HttpQueryServer} on one kept-alive
 *       HTTP/1.1 connection, the calling thread writing and reading a blocking socket
 *       ({@link KeepAliveHttp}, as curl or a Python {@code requests.Session} would: the replaced
 *       platform's API latency was measured on such HTTP JSON requests);
 *   <li>{@code httpclient}: the same through the JDK's {@link HttpClient} (its selector and worker
 *       threads: four wake-ups and much more client CPU);
 *   <li>{@code sleeper}: how late a 1 ms park wakes (the scheduling floor).
 * </ul>
 *
 * A variant named {@code name@micros} (e.g. {@code fields@400}) runs {@code name} with the pacer
 * spinning for that many microseconds before each planned start instead of the default
 * ({@link Pacer#DEFAULT_SPIN_NANOS}): each phase also reports the load generator's own lateness (how long after its planned start, or after
 * the previous answer when that came later, a query was sent), which counts in every latency.
 *
 * For each variant and round: GC time, the server's memory answers, bytes allocated per query and
 * CPU per thread, and the queries over 500 us grouped into stall events, with how many of them fell
 * beside a GC pause.
 *
 * Latency counts from each query's planned start (no coordinated omission). Nothing else runs in
 * the process: no stall meter (it would be a third thread waking every millisecond on two CPUs); the
 * sleeper's lateness is measured in a round of its own. The data: {@code ticks} synthetic trades over
 * 16 symbols, journaled and cold-synced, served by the hybrid engine and its query server.
 *
 * <pre>java @jvm.options -cp bench/target/benchmarks.jar dev.k2.bench.LastTradesLatency [ticks] [seconds] [rounds] [rate] [variants]</pre>
 * System property {@code k2.bench.tailerPollMs}: the hot tailer's idle park (default: the engine's).
 */
public final class LastTradesLatency {
    private static final int LAST_N = 100;

    private LastTradesLatency() {
    }

    public static void main(String[] args) throws Exception {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        List<String> variants = List.of((args.length > 4 ? args[4] : "echo,connection,fields,fetch,iterate,sleeper").split(","));
        HotSettings d = HotSettings.defaults();
        long pollMs = Long.getLong("k2.bench.tailerPollMs", d.pollIntervalMs());
        HotSettings hotSettings = new HotSettings(d.maxPerInstrument(), d.keepPerInstrument(), d.liveCapacity(), pollMs,
            d.trimIntervalMs());
        System.out.printf(Locale.ROOT, "machine: %d CPUs, %s %s; %,d q/s, %d s per variant per round, %d rounds,"
                + " tailer poll %d ms%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
            System.getProperty("java.runtime.version"), rate, seconds, rounds, pollMs);

        listenForPauses();
        Path root = TempDirectory.create("k2-bench-last100");
        try {
            DataDirectory dir = new DataDirectory(root.resolve("data"));
            DataLoader.writeSynthetic(dir, ticks, 16, new TickTape(TickGenerator.VENUE));
            DataLoader.coldSync(dir);
            String symbol = TickGenerator.symbol(0);
            Query.LastTrades query = new Query.LastTrades(TickGenerator.VENUE, symbol, LAST_N);
            try (HybridQueryService engine = new HybridQueryService(dir, ColdSettings.embedded(dir), hotSettings, 2)) {
                engine.awaitCaughtUp(TimeUnit.SECONDS.toNanos(60));
                ApiKeyStore keys = ApiKeyStore.open(root.resolve("keys.tsv"));
                String key = keys.add("bench", 10_000_000);
                try (QueryServer server = QueryServer.start(engine, keys, ServerSettings.defaults().withBind("127.0.0.1", 0));
                     HttpQueryServer http = new HttpQueryServer(engine, keys, HttpServerConfig.defaults().withPort(0));
                     HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                     KeepAliveHttp keepAlive = new KeepAliveHttp(http.start().getPort(), "/v1/last?venue="
                         + TickGenerator.VENUE + "&symbol=" + symbol + "&n=" + LAST_N, key);
                     K2Client client = K2Client.connect("127.0.0.1", server.port(), key);
                     K2Connection connection = K2Connection.connect("127.0.0.1", server.port(), key);
                     LoopbackEcho echo = new LoopbackEcho(LAST_N * ECHO_ROW_BYTES);
                     // the spinning echoes' sockets and threads exist only in runs that measure them (null: skipped)
                     LoopbackEcho clientSpins = echoIfAsked(variants, "echo-client-spins", LoopbackEcho.Wait.CLIENT_SPINS);
                     LoopbackEcho bothSpin = echoIfAsked(variants, "echo-both-spin", LoopbackEcho.Wait.BOTH_SPIN)) {
                    Map<String, Pacer.Call> calls = new LinkedHashMap<>();
                    calls.put("echo", echo::call);
                    calls.put("echo-client-spins", clientSpins == null ? null : clientSpins::call);
                    calls.put("echo-both-spin", bothSpin == null ? null : bothSpin::call);
                    calls.put("connection", () -> {
                        if (connection.fetch(query).rows().size() != LAST_N) {
                            throw new IllegalStateException("expected " + LAST_N + " trades");
                        }
                    });
                    calls.put("iterate", () -> {
                        try (ResultIterator<TradeRow> rows = client.iterate(query)) {
                            int n = 0;
                            while (rows.hasNext()) {
                                rows.next();
                                n++;
                            }
                            if (n != LAST_N) {
                                throw new IllegalStateException("expected " + LAST_N + " trades, got " + n);
                            }
                        }
                    });
                    long[] fieldRows = {0};
                    TradeFields count = (fv, fs, fc, ft, fr, fq, fi, fd, fp, fn, fk, fx, fy) -> fieldRows[0]++;
                    calls.put("fields", () -> {
                        fieldRows[0] = 0;
                        connection.forEachTrade(query, count);
                        if (fieldRows[0] != LAST_N) {
                            throw new IllegalStateException("expected " + LAST_N + " trades, got " + fieldRows[0]);
                        }
                    });
                    HttpRequest lastAsJson = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                            + "/v1/last?venue=" + TickGenerator.VENUE + "&symbol=" + symbol + "&n=" + LAST_N))
                        .header("X-API-Key", key).GET().build();
                    calls.put("http", () -> {
                        keepAlive.call();
                        // {"rows":[{"venue":..},..]}: an object starts with {" (a quote inside a JSON string is escaped)
                        if (keepAlive.status() != 200 || keepAlive.count("{\"") - 1 != LAST_N) {
                            throw new IllegalStateException("expected 200 and " + LAST_N + " trades, got "
                                + keepAlive.status() + ": " + keepAlive.body());
                        }
                    });
                    calls.put("httpclient", () -> {
                        HttpResponse<byte[]> response = httpClient.send(lastAsJson, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200 || KeepAliveHttp.count(response.body(), 0, response.body().length, "\"price\"") != LAST_N) {
                            throw new IllegalStateException("expected 200 and " + LAST_N + " trades, got "
                                + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
                        }
                    });
                    calls.put("fetch", () -> {
                        if (client.fetch(query).rows().size() != LAST_N) {
                            throw new IllegalStateException("expected " + LAST_N + " trades");
                        }
                    });
                    for (String v : variants) { // all checked before any warms up
                        if (!v.equals("sleeper") && !calls.containsKey(base(v))) {
                            throw new IllegalArgumentException("unknown variant " + v + "; known: " + calls.keySet()
                                + ", sleeper (each may end in @micros: the pacer's spin margin)");
                        }
                        spinNanos(v);
                    }
                    Map<String, Histogram> all = new LinkedHashMap<>();
                    for (String v : variants) {
                        if (v.equals("sleeper")) {
                            all.put(v, histogram());
                            continue;
                        }
                        all.put(v, histogram());
                        phase(calls.get(base(v)), rate, Math.max(2, seconds), spinNanos(v), null); // warm-up: as long as a round (the HTTP path still compiled after 2 s)
                    }
                    System.out.printf(Locale.ROOT, "settle: JIT %d ms until quiet for 2 s%n",
                        JvmActivity.awaitQuietJit(2_000, 60_000));
                    for (int r = 1; r <= rounds; r++) {
                        for (String v : variants) {
                            Histogram h = histogram();
                            JvmActivity jvmBefore = JvmActivity.now();
                            long memoryBefore = server.stats().answeredFromMemory();
                            ThreadActivity threadsBefore = ThreadActivity.now();
                            if (v.equals("sleeper")) {
                                Pacer.sleeper(seconds, h);
                            } else {
                                phase(calls.get(base(v)), rate, seconds, spinNanos(v), h);
                            }
                            print("round " + r + " " + v, h, JvmActivity.now().since(jvmBefore),
                                server.stats().answeredFromMemory() - memoryBefore);
                            ThreadActivity threads = ThreadActivity.now().since(threadsBefore);
                            System.out.println("    " + threads.allocatedPerQuery(h.getTotalCount()));
                            System.out.println("    " + threads.cpuMillis());
                            System.out.println("    " + threads.waitedMillis());
                            if (!v.equals("sleeper")) {
                                System.out.printf(Locale.ROOT, "    sent late by p50 %.0f, p99 %.0f, p99.9 %.0f us (the pacer's"
                                    + " own wake-up, spin margin %d us)%n", GENERATOR_LATE.getValueAtPercentile(50) / 1e3,
                                    GENERATOR_LATE.getValueAtPercentile(99) / 1e3, GENERATOR_LATE.getValueAtPercentile(99.9) / 1e3,
                                    spinNanos(v) / 1000);
                                System.out.println(slowBesideGc());
                            }
                            all.get(v).add(h);
                        }
                    }
                    for (Map.Entry<String, Histogram> e : all.entrySet()) {
                        print("all rounds " + e.getKey(), e.getValue(), null, -1);
                    }
                }
            }
        } finally {
            TempDirectory.delete(root);
        }
    }

    private static final int ECHO_ROW_BYTES = dev.k2.query.protocol.sbe.TradeBatchEncoder.RowsEncoder.sbeBlockLength();

    private static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    /** Planned start and latency of each query slower than SLOW_NANOS in the current phase. */
    private static final long SLOW_NANOS = 500_000;
    private static long[] slowAt = new long[1 << 16];
    private static long[] slowLatency = new long[1 << 16];
    private static int slowCount;
    /** GC pauses as (end nanoTime, duration ns), from the collectors' notifications. */
    private static final java.util.concurrent.ConcurrentLinkedQueue<long[]> PAUSES = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private static void listenForPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener((n, hb) -> {
                if (n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) n.getUserData());
                    if (!info.getGcAction().contains("concurrent") && !info.getGcName().contains("Cycles")) {
                        long durationNs = info.getGcInfo().getDuration() * 1_000_000;
                        PAUSES.add(new long[] {System.nanoTime(), durationNs});
                    }
                }
            }, null, null);
        }
    }

    /** How many slow queries were planned within 10 ms after a GC pause began (pause ends are reported late: generous). */
    private static String slowBesideGc() {
        List<long[]> pauses = new ArrayList<>(PAUSES);
        int nearGc = 0;
        for (int i = 0; i < slowCount; i++) {
            for (long[] p : pauses) {
                long began = p[0] - p[1] - 20_000_000L; // notification arrives after the pause: allow 20 ms slack
                if (slowAt[i] >= began && slowAt[i] <= p[0] + 10_000_000L) {
                    nearGc++;
                    break;
                }
            }
        }
        // stalls: slow queries whose planned starts lie within 5 ms of each other belong to one event
        StringBuilder events = new StringBuilder();
        int eventCount = 0;
        for (int i = 0; i < slowCount; ) {
            int j = i + 1;
            long worst = slowLatency[i];
            while (j < slowCount && slowAt[j] - slowAt[j - 1] < 5_000_000L) {
                worst = Math.max(worst, slowLatency[j]);
                j++;
            }
            eventCount++;
            if (eventCount <= 12) {
                events.append(String.format(Locale.ROOT, " [%d q, worst %.1f ms, +%.0f ms]", j - i, worst / 1e6,
                    i == 0 ? 0 : (slowAt[i] - slowAt[i - 1]) / 1e6));
            }
            i = j;
        }
        return String.format(Locale.ROOT, "    over %d us: %d queries, %d of them within a GC pause's window (%d pauses);"
            + " %d events:%s", SLOW_NANOS / 1000, slowCount, nearGc, pauses.size(), eventCount, events);
    }

    /** The echo measured by variant {@code name} (with any {@code @micros}), when one is asked for; else null. */
    private static LoopbackEcho echoIfAsked(List<String> variants, String name, LoopbackEcho.Wait wait) {
        return variants.stream().map(LastTradesLatency::base).anyMatch(name::equals)
            ? new LoopbackEcho(LAST_N * ECHO_ROW_BYTES, wait) : null;
    }

    /** {@code name} of a variant {@code name@micros}. */
    private static String base(String variant) {
        int at = variant.indexOf('@');
        return at < 0 ? variant : variant.substring(0, at);
    }

    /** The pacer's spin margin for a variant: {@code micros} of {@code name@micros}, or the default. */
    private static long spinNanos(String variant) {
        int at = variant.indexOf('@');
        if (at < 0) {
            return Pacer.DEFAULT_SPIN_NANOS;
        }
        try {
            return TimeUnit.MICROSECONDS.toNanos(Long.parseLong(variant.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("variant " + variant + ": after @ comes the pacer's spin margin in"
                + " microseconds, e.g. fields@400", e);
        }
    }

    /** The current phase's send lateness (see {@link Pacer#run(Pacer.Call, int, int, long, long, Histogram, Pacer.Outcome)}). */
    private static final Histogram GENERATOR_LATE = histogram();

    private static void phase(Pacer.Call call, int rate, int seconds, long spinNanos, Histogram latency) throws Exception {
        slowCount = 0;
        PAUSES.clear();
        GENERATOR_LATE.reset();
        Pacer.run(call, rate, seconds, 10L * seconds, spinNanos, GENERATOR_LATE, (planned, began, end) -> {
            if (latency != null) {
                latency.recordValue(end - planned);
                if (end - planned > SLOW_NANOS && slowCount < slowAt.length) {
                    slowAt[slowCount] = planned;
                    slowLatency[slowCount++] = end - planned;
                }
            }
        });
    }

    private static void print(String what, Histogram h, JvmActivity jvm, long fromMemory) {
        System.out.printf(Locale.ROOT, "%-22s n=%,7d p50 %6.0f  p90 %6.0f  p99 %6.0f  p99.9 %6.0f  max %7.0f us%s%n", what,
            h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
            h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
            jvm == null ? "" : String.format(Locale.ROOT, "  (gc %d ms, jit %d ms, from memory %,d)", jvm.gcMillis(),
                jvm.jitMillis(), fromMemory));
    }
}
