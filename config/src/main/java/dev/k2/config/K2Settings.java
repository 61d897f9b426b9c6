package dev.k2.config;

import java.util.List;

/**
 * Every K2 setting, its default and its rule. The one list {@link K2Config} validates against and
 * {@code k2 config --print} prints.
 */
public final class K2Settings {
    public static final Setting<String> DATA_DIR = Setting.text("data.dir", "./k2-data",
        "directory holding the journal, the dead-letter journal and derived state");

    public static final Setting<Integer> RING_SIZE = Setting.powerOfTwo("engine.ringSize", 65_536, 64, 1 << 24,
        "slots in the Disruptor ring (preallocated, reused)");
    public static final Setting<String> THREADING = Setting.oneOf("engine.threading", "fused",
        List.of("fused", "per-stage"),
        "fused: dedup, sequence check and journal on one thread; per-stage: one thread each");
    public static final Setting<String> WAIT_STRATEGY = Setting.oneOf("engine.waitStrategy", "lite-blocking",
        List.of("blocking", "lite-blocking", "sleeping", "yielding", "busy-spin"),
        "how idle stages wait; blocking and lite-blocking leave an idle engine idle (lite-blocking signals"
            + " only when a stage sleeps), sleeping polls, yielding/busy-spin spin a core");
    public static final Setting<String> PRODUCER = Setting.oneOf("engine.producer", "multi",
        List.of("single", "multi"), "single when exactly one thread publishes into the ring");

    public static final Setting<Integer> DEDUP_WINDOW = Setting.intRange("dedup.windowSize", 65_536, 16, 1 << 24,
        "native ids remembered per unsequenced stream");
    public static final Setting<Integer> MAX_OPEN_GAPS = Setting.intRange("sequence.maxOpenGaps", 1_024, 1, 1 << 20,
        "open gap ranges kept per stream; the oldest is given up (and counted) beyond this");
    public static final Setting<Long> RESET_MIN_DROP = Setting.longRange("sequence.resetMinDrop", 1_000, 1,
        Long.MAX_VALUE, "a session stream's sequence must drop by at least this much to count as a reset");
    public static final Setting<Long> RESET_MIN_PAUSE_MS = Setting.longRange("sequence.resetMinPauseMs", 30_000, 0,
        Long.MAX_VALUE, "...and only after at least this long without a tick on the stream");

    public static final Setting<String> ROLL_CYCLE = Setting.oneOf("journal.rollCycle", "FAST_HOURLY",
        List.of("FAST_HOURLY", "HALF_HOURLY", "TWENTY_MINUTELY", "TEN_MINUTELY", "FIVE_MINUTELY", "MINUTELY"),
        "Chronicle Queue roll cycle of the journal (FAST_HOURLY or denser)");
    public static final Setting<Integer> JOURNAL_BATCH = Setting.intRange("journal.batchRecords", 64, 1, 512,
        "ticks per journal excerpt (1 = one tick per excerpt); an excerpt also closes at each ring batch end");

    public static final Setting<String> COLD_CATALOG_URI = new Setting<>("cold.catalog.uri", "",
        "Iceberg catalog of the cold tables; empty: the embedded SQLite JDBC catalog in DATA_DIR/cold/catalog.db",
        "empty, a jdbc: URL (e.g. jdbc:postgresql://host/db) or an http(s):// Iceberg REST catalog URL",
        String::trim, v -> v.isEmpty() || v.startsWith("jdbc:") || v.startsWith("http://") || v.startsWith("https://"));
    public static final Setting<String> COLD_WAREHOUSE = new Setting<>("cold.warehouse", "",
        "where the cold tables' files go; empty: DATA_DIR/cold/warehouse", "empty, a directory or a file-system URI",
        String::trim, v -> true);
    public static final Setting<String> COLD_S3_ENDPOINT = new Setting<>("cold.s3.endpoint", "",
        "S3 endpoint for an s3:// warehouse; empty: AWS's own for cold.s3.region (credentials: the AWS default chain,"
            + " e.g. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
        "empty or an http(s):// URL, e.g. http://127.0.0.1:9000 for a local S3-compatible store",
        String::trim, v -> v.isEmpty() || v.startsWith("http://") || v.startsWith("https://"));
    public static final Setting<String> COLD_S3_REGION = Setting.text("cold.s3.region", "us-east-1",
        "AWS region of an s3:// warehouse's bucket");
    public static final Setting<String> COLD_S3_PATH_STYLE = Setting.oneOf("cold.s3.pathStyle", "false",
        List.of("true", "false"), "true: bucket in the path (http://host/bucket/key), as most S3-compatible stores want");
    public static final Setting<Integer> COLD_BATCH_ROWS = Setting.intRange("cold.batchRows", 100_000, 1, 10_000_000,
        "a cold batch (one Iceberg snapshot per table) closes after this many rows");
    public static final Setting<Long> COLD_BATCH_BYTES = Setting.longRange("cold.batchBytes", 64L << 20, 1, 1L << 40,
        "...or after this many journal bytes of ticks");
    public static final Setting<Long> COLD_BATCH_AGE_MS = Setting.longRange("cold.batchAgeMs", 10_000, 1,
        Long.MAX_VALUE, "...or this long after its first tick was read (so cold data trails the journal by about that)");

    public static final Setting<String> QUERY_BIND = Setting.text("query.bind", "127.0.0.1",
        "address k2 serve listens on (binary protocol and HTTP); 127.0.0.1 keeps it on this machine");
    public static final Setting<Integer> QUERY_PORT = Setting.intRange("query.port", 7070, 0, 65_535,
        "TCP port of the binary query protocol (0: any free port)");
    public static final Setting<Integer> QUERY_HTTP_PORT = Setting.intRange("query.httpPort", 8080, 0, 65_535,
        "TCP port of the HTTP JSON API (0: any free port)");
    public static final Setting<Integer> QUERY_MAX_IN_FLIGHT = Setting.intRange("query.maxInFlight", 16, 1, 1_024,
        "queries one binary connection may have open at once");
    public static final Setting<Integer> QUERY_THREADS = Setting.intRange("query.threads", 2, 1, 256,
        "threads per server that open queries and read their results (the engine may block on DuckDB)");
    public static final Setting<Integer> QUERY_DUCKDB_CONNECTIONS = Setting.intRange("query.duckdbConnections", 2, 1,
        64, "cold statements run at once (DuckDB connections duplicated from the process' one)");
    public static final Setting<Integer> QUERY_HOT_MAX = Setting.powerOfTwo("query.hot.maxPerInstrument", 16_384, 64,
        1 << 24, "ticks held in memory per instrument and kind; older ones are read from the journal");
    public static final Setting<Integer> QUERY_HOT_KEEP = Setting.intRange("query.hot.keepPerInstrument", 1_024, 1,
        1 << 24, "ticks kept per instrument and kind even once cold holds them (last trades, latest quote)");

    public static final List<Setting<?>> ALL = List.of(DATA_DIR, RING_SIZE, THREADING, WAIT_STRATEGY, PRODUCER,
        DEDUP_WINDOW, MAX_OPEN_GAPS, RESET_MIN_DROP, RESET_MIN_PAUSE_MS, ROLL_CYCLE, JOURNAL_BATCH,
        COLD_CATALOG_URI, COLD_WAREHOUSE, COLD_S3_ENDPOINT, COLD_S3_REGION, COLD_S3_PATH_STYLE, COLD_BATCH_ROWS, COLD_BATCH_BYTES, COLD_BATCH_AGE_MS, QUERY_BIND, QUERY_PORT,
        QUERY_HTTP_PORT, QUERY_MAX_IN_FLIGHT, QUERY_THREADS, QUERY_DUCKDB_CONNECTIONS, QUERY_HOT_MAX, QUERY_HOT_KEEP);

    private K2Settings() {
    }
}
