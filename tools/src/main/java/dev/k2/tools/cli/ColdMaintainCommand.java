package dev.k2.tools.cli;

import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdCatalog;
import dev.k2.persistence.cold.ColdMaintenance;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.GapTable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = {
        "Compact the cold tables, expire old snapshots, remove orphan files; safe while k2 cold sync runs.",
        "--compact merges each partition's small data files into files of write.target-file-size-bytes,",
        "keeping the sort order (symbol, exchange_time), as one Iceberg rewrite per table: a concurrent",
        "writer's commits do not conflict with it (Iceberg refreshes and retries). --expire-older-than",
        "expires older snapshots but keeps the current one and the one holding the watermark",
        "(k2.journal-index). --remove-orphans deletes files under the tables that no snapshot references",
        "(e.g. of a writer killed before its commit) once they are older than --orphan-min-age.",
        "k2.gaps gets the same expiry and orphan removal; it is not compacted (few, small files)."})
public final class ColdMaintainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--compact", description = "Rewrite small files into large ones, keeping the sort order.")
    boolean compact;

    @Option(names = "--expire-older-than", paramLabel = "DURATION",
        description = "Expire snapshots older than this (e.g. 7d, 12h, PT30M); time travel before it ends.")
    String expireOlderThan;

    @Option(names = "--remove-orphans", description = "Delete unreferenced files under the table locations (local warehouse).")
    boolean removeOrphans;

    @Option(names = "--orphan-min-age", paramLabel = "DURATION", defaultValue = "1d",
        description = "Only files older than this count as orphans (default ${DEFAULT-VALUE}; keep it well above the"
            + " batch age so a running writer's uncommitted files are never taken).")
    String orphanMinAge;

    @Override
    public Integer call() {
        if (!compact && expireOlderThan == null && !removeOrphans) {
            throw new IllegalArgumentException("nothing to do: pass --compact, --expire-older-than DURATION and/or"
                + " --remove-orphans (see k2 cold maintain --help)");
        }
        Duration expire = expireOlderThan == null ? null : Durations.parse("--expire-older-than", expireOlderThan);
        Duration orphanAge = removeOrphans ? Durations.parse("--orphan-min-age", orphanMinAge) : null;
        DataDirectory dir = common.dataDirectory();
        Map<ColdTable, ColdMaintenance.TableResult> results;
        ColdMaintenance.TableResult gaps;
        try (ColdCatalog catalog = ColdCatalog.open(ColdSettings.from(common.config(), dir));
             ColdMaintenance maintenance = new ColdMaintenance(catalog, dir.cold())) {
            results = maintenance.run(compact, expire, orphanAge);
            gaps = maintenance.runGaps(expire, orphanAge);
        }
        if (results.isEmpty()) {
            throw new IllegalStateException("no cold tables in " + dir.cold() + " yet: run k2 cold sync first");
        }
        if (common.json()) {
            Json json = new Json();
            results.forEach((table, r) -> json.put(table.tableName(), new Json().put("filesBefore", r.filesBefore())
                .put("filesAfter", r.filesAfter()).put("filesRewritten", r.filesRewritten())
                .put("filesWritten", r.filesWritten()).put("snapshotsExpired", r.snapshotsExpired())
                .put("orphansRemoved", r.orphansRemoved()).put("orphanBytes", r.orphanBytes())));
            if (gaps != null) {
                json.put(GapTable.NAME, new Json().put("filesBefore", gaps.filesBefore()).put("filesAfter", gaps.filesAfter())
                    .put("snapshotsExpired", gaps.snapshotsExpired()).put("orphansRemoved", gaps.orphansRemoved())
                    .put("orphanBytes", gaps.orphanBytes()));
            }
            System.out.println(json);
        } else {
            results.forEach((table, r) -> System.out.printf("k2.%s: %,d -> %,d data files (%,d rewritten into %,d),"
                    + " %,d snapshots expired, %,d orphan files removed (%,d bytes)%n", table.tableName(),
                r.filesBefore(), r.filesAfter(), r.filesRewritten(), r.filesWritten(), r.snapshotsExpired(),
                r.orphansRemoved(), r.orphanBytes()));
            if (gaps != null) {
                System.out.printf("k2.%s: %,d data files (not compacted), %,d snapshots expired, %,d orphan files removed"
                    + " (%,d bytes)%n", GapTable.NAME, gaps.filesAfter(), gaps.snapshotsExpired(), gaps.orphansRemoved(),
                    gaps.orphanBytes());
            }
        }
        return 0;
    }
}
