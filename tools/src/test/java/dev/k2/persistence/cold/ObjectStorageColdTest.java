package dev.k2.persistence.cold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.config.K2Config;
import dev.k2.feeds.synthetic.SyntheticMarket;
import dev.k2.persistence.DataDirectory;
import dev.k2.query.api.AsOf;
import dev.k2.query.api.Direction;
import dev.k2.query.api.Query;
import dev.k2.query.api.TickFilter;
import dev.k2.query.engine.HybridQueryService;
import dev.k2.query.hot.HotSettings;
import dev.k2.tools.cli.ColdTables;
import dev.k2.tools.runtime.EngineSession;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code s3://} warehouse through Iceberg's S3FileIO, against a real S3 API server on 127.0.0.1
 * (S3Proxy over jclouds' in-memory store, AWS signature v4): the cold writer puts its Parquet files
 * and Iceberg metadata in the bucket, the tables read back exactly the journal's ticks, nothing lands
 * on the local disk, and K2's query engine answers from local copies of the files it plans.
 */
@Timeout(180)
class ObjectStorageColdTest {
    private static final String BUCKET = "k2-bucket";
    private static final String KEY_ID = "k2-test";
    private static final String SECRET = "k2-test-secret";
    /** The AWS SDK's default credential chain reads these; the checksum switches suit S3-compatible stores. */
    private static final Map<String, String> AWS_PROPERTIES = Map.of(
        "aws.accessKeyId", KEY_ID, "aws.secretAccessKey", SECRET,
        "aws.requestChecksumCalculation", "when_required", "aws.responseChecksumValidation", "when_required");

    @TempDir
    Path dataDir;

    private BlobStoreContext store;
    private S3Proxy s3;
    private final Map<String, String> previous = new LinkedHashMap<>();

    @BeforeEach
    void startS3() throws Exception {
        store = ContextBuilder.newBuilder("transient").credentials(KEY_ID, SECRET).build(BlobStoreContext.class);
        s3 = S3Proxy.builder().blobStore(store.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY_ID, SECRET).build();
        s3.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(s3.getState())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("S3Proxy did not start: " + s3.getState());
            }
            Thread.sleep(10);
        }
        store.getBlobStore().createContainerInLocation(null, BUCKET);
        AWS_PROPERTIES.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
    }

    @AfterEach
    void stopS3() throws Exception {
        previous.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        if (s3 != null) {
            s3.stop();
        }
        if (store != null) {
            store.close();
        }
    }

    private K2Config config() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("data.dir", dataDir.toString());
        settings.put("cold.warehouse", "s3://" + BUCKET + "/warehouse");
        settings.put("cold.s3.endpoint", "http://127.0.0.1:" + s3.getPort());
        settings.put("cold.s3.pathStyle", "true");
        settings.put("cold.batchRows", "20000");
        return K2Config.load(null, settings);
    }

    @Test
    void coldTablesOnAnS3WarehouseHoldExactlyTheJournalsTicksAndQueriesReadThemThroughLocalCopies() throws Exception {
        K2Config config = config();
        EngineSession engine = EngineSession.open(config);
        try {
            new SyntheticMarket(new SyntheticMarket.Options(4, 50_000, 7, 0.001, 0))
                .run(engine.registry(), engine.ingress(), engine.clock());
        } finally {
            engine.close();
        }
        DataDirectory dir = new DataDirectory(dataDir);
        ColdSettings settings = ColdSettings.from(config, dir);
        assertThat(settings.objectStorage()).isTrue();

        SyncResult result;
        try (ColdWriter writer = new ColdWriter(dir, settings)) {
            result = writer.sync();
        }

        List<String> journal = ColdTables.journalKeys(dataDir);
        assertThat(result.rows()).isEqualTo(journal.size()).isPositive();
        try (ColdCatalog catalog = ColdCatalog.open(settings)) {
            assertThat(catalog.properties()).containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry("s3.path-style-access", "true");
            ColdTables.assertSameTicks(ColdTables.tableKeys(catalog), journal);
        }
        List<String> keys = store.getBlobStore().list(BUCKET, ListContainerOptions.Builder.recursive()).stream()
            .map(StorageMetadata::getName).toList();
        assertThat(keys).anyMatch(k -> k.startsWith("warehouse/") && k.endsWith(".parquet"))
            .anyMatch(k -> k.endsWith(".metadata.json"));
        try (Stream<Path> local = Files.walk(dataDir)) {
            assertThat(local.map(Path::toString)).noneMatch(p -> p.endsWith(".parquet"));
        }
        // a second sync resumes after the watermark: nothing new, nothing written twice
        try (ColdWriter writer = new ColdWriter(dir, settings)) {
            assertThat(writer.sync().rows()).isZero();
        }

        // K2's own query engine reads them through local copies (DuckDB reads local files only here)
        long journalTrades = journal.stream().filter(k -> k.startsWith(ColdTable.TRADES.tableName() + "|")).count();
        try (HybridQueryService service = new HybridQueryService(dir, settings, HotSettings.defaults(), 1)) {
            for (int round = 0; round < 2; round++) { // the second round reads the copies
                long[] rows = {0};
                try (var trades = service.open(new Query.Trades(TickFilter.all(), Direction.OLDEST_FIRST, Query.MAX_LIMIT,
                    null, AsOf.LATEST))) {
                    while (trades.poll(10_000, r -> rows[0]++) != dev.k2.query.api.ResultStream.END) {
                        // drain
                    }
                }
                assertThat(rows[0]).as("round %d", round).isEqualTo(journalTrades).isPositive();
            }
        }
        Path cache = dir.cold().resolve(HybridQueryService.REMOTE_CACHE_DIR);
        try (Stream<Path> copies = Files.list(cache)) {
            assertThat(copies.map(Path::toString).filter(p -> p.endsWith(".parquet")).count()).isPositive();
        }
        try (Stream<Path> leftovers = Files.list(cache)) {
            assertThat(leftovers.map(Path::toString)).noneMatch(p -> p.endsWith(".part"));
        }
    }
}
