package dev.k2.tools.cli;

import dev.k2.config.K2Config;
import dev.k2.config.K2Settings;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdFollower;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.CommitRetry;
import dev.k2.query.auth.ApiKeyStore;
import dev.k2.query.engine.HybridQueryService;
import dev.k2.query.hot.HotSettings;
import dev.k2.query.http.HttpQueryServer;
import dev.k2.query.http.HttpServerConfig;
import dev.k2.query.server.QueryServer;
import dev.k2.query.server.ServerSettings;
import dev.k2.tools.runtime.StopSignal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code k2 serve}: the hybrid query engine behind the binary protocol and the HTTP API. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Serve queries over an existing data directory until Ctrl-C: the binary query protocol (k2 query,",
        "the Java client) and the HTTP JSON API (/v1/trades, /v1/bars/1m, ...), both on 127.0.0.1 by default.",
        "A query reads one Iceberg snapshot (cold, DuckDB over the files Iceberg plans) plus the journal",
        "after its watermark (hot, kept in memory by a journal tailer): exact, no overlap, no gap.",
        "Every request needs an API key: create one with `k2 keys add NAME`.",
        "The engine (k2 feed, k2 ingest) may run beside it; with --cold-follow this process also keeps the",
        "cold tables up to date (as k2 cold sync --follow), otherwise run that separately."})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    KeysOption keys;

    @Option(names = "--port", paramLabel = "P", description = "Binary protocol port (0: any free port). Default: setting query.port, 7070")
    Integer port;

    @Option(names = "--http-port", paramLabel = "H", description = "HTTP port (0: any free port). Default: setting query.httpPort, 8080")
    Integer httpPort;

    @Option(names = "--cold-follow", description = "Also run the cold writer in this process (tail the journal into Iceberg).")
    boolean coldFollow;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (30s, 5m). Default: until Ctrl-C.")
    String duration;

    @Override
    public Integer call() throws InterruptedException {
        common.existingJournal();
        K2Config config = common.config();
        DataDirectory dir = common.dataDirectory();
        Duration limit = duration == null ? null : Durations.parse("--duration", duration);
        ApiKeyStore keyStore = ApiKeyStore.open(keys.file(common));
        if (keyStore.activeKeys() == 0) {
            System.err.println("k2 serve: no active API key in " + keyStore.file()
                + ": every request will be refused until you run `k2 keys add NAME` (seen without a restart)");
        }
        String bind = config.get(K2Settings.QUERY_BIND);
        int threads = config.get(K2Settings.QUERY_THREADS);
        ServerSettings binary = ServerSettings.defaults()
            .withBind(bind, port != null ? port : config.get(K2Settings.QUERY_PORT))
            .withMaxInFlight(config.get(K2Settings.QUERY_MAX_IN_FLIGHT))
            .withThreads(threads, 1);
        HttpServerConfig d = HttpServerConfig.defaults();
        HttpServerConfig http = new HttpServerConfig(bind, httpPort != null ? httpPort : config.get(K2Settings.QUERY_HTTP_PORT),
            d.ioThreads(), threads, d.queueCapacity(), d.defaultLimit(), d.maxLimit(), d.maxUriBytes(),
            d.maxHeaderBytes(), d.maxBodyBytes(), d.batchRows(), d.idleTimeoutSeconds());
        HotSettings hd = HotSettings.defaults();
        HotSettings hot = new HotSettings(config.get(K2Settings.QUERY_HOT_MAX), config.get(K2Settings.QUERY_HOT_KEEP),
            hd.liveCapacity(), hd.pollIntervalMs(), hd.trimIntervalMs());
        ColdSettings cold = ColdSettings.from(config, dir);

        try (StopSignal stop = StopSignal.install();
             ColdFollower follower = coldFollow ? new ColdFollower(dir, cold, CommitRetry.DEFAULT).start() : null;
             HybridQueryService engine = new HybridQueryService(dir, cold, hot, config.get(K2Settings.QUERY_DUCKDB_CONNECTIONS));
             QueryServer server = new QueryServer(engine, keyStore, binary);
             HttpQueryServer httpServer = new HttpQueryServer(engine, keyStore, http)) {
            if (!engine.awaitCaughtUp(TimeUnit.MINUTES.toNanos(5))) {
                System.err.println("k2 serve: the hot tier is still reading the journal after 5 minutes; serving anyway"
                    + " (queries see the journal up to where it has read)");
            }
            server.start();
            InetSocketAddress httpAddress = httpServer.start();
            if (common.json()) {
                System.out.println(new Json().put("port", server.port()).put("httpPort", httpAddress.getPort())
                    .put("bind", bind).put("dataDir", dir.root().toString()).put("keys", keyStore.file().toString())
                    .put("coldFollow", coldFollow));
            } else {
                System.out.printf("k2 serve: binary protocol on %s:%d, HTTP on http://%s:%d/v1/ over %s%s; Ctrl-C stops%n",
                    bind, server.port(), bind, httpAddress.getPort(), dir.root(),
                    coldFollow ? " (cold writer following the journal)" : "");
            }
            System.out.flush();
            if (limit == null) {
                stop.await();
            } else {
                stop.await(limit.toNanos());
            }
            if (!common.json()) {
                System.out.printf("k2 serve: stopping; binary server %s%n", server.stats());
            }
        }
        return 0;
    }
}
