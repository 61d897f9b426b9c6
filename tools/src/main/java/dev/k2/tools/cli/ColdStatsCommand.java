package dev.k2.tools.cli;

import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdCatalog;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdStats;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.GapTable;
import dev.k2.persistence.cold.Watermark;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stats", mixinStandardHelpOptions = true,
    description = {
        "Show the cold tables against the journal.",
        "Per table (k2.trades, k2.quotes, k2.gaps): rows, data files, bytes, snapshots, its watermark (the",
        "last journal index it holds) and its lag (journal ticks of its kind, for k2.gaps gap markers, not",
        "yet in it); then the lag of the tables together:",
        "journal excerpts and records after the watermark, and seconds behind (journal time of the",
        "journal's newest record minus that of the last committed one). Reads only; creates nothing."})
public final class ColdStatsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Path journal = common.existingJournal();
        DataDirectory dir = common.dataDirectory();
        ColdStats stats;
        try (ColdCatalog catalog = ColdCatalog.open(ColdSettings.from(common.config(), dir))) {
            stats = ColdStats.read(catalog, journal);
        }
        if (common.json()) {
            Json json = new Json();
            for (Map.Entry<ColdTable, ColdStats.TableStats> e : stats.tables().entrySet()) {
                ColdStats.TableStats t = e.getValue();
                json.put(e.getKey().tableName(), new Json().put("rows", t.rows()).put("files", t.files())
                    .put("bytes", t.bytes()).put("snapshots", t.snapshots()).put("watermark", t.watermark())
                    .put("lagTicks", t.lagTicks()));
            }
            ColdStats.TableStats g = stats.gaps();
            json.put(GapTable.NAME, new Json().put("rows", g.rows()).put("files", g.files()).put("bytes", g.bytes())
                .put("snapshots", g.snapshots()).put("watermark", g.watermark()).put("lagMarkers", g.lagTicks()));
            System.out.println(json.put("watermark", stats.watermark()).put("watermarkHex", Watermark.hex(stats.watermark()))
                .put("journalLastIndex", stats.journalLast()).put("lagExcerpts", stats.lagExcerpts())
                .put("lagRecords", stats.lagRecords()).put("lagSeconds", stats.secondsBehind()));
        } else {
            System.out.printf("%-8s %12s %7s %14s %10s %-14s %12s%n", "table", "rows", "files", "bytes", "snapshots",
                "watermark", "lag (ticks)");
            stats.tables().forEach((table, t) -> System.out.printf("%-8s %,12d %,7d %,14d %,10d %-14s %,12d%n",
                "k2." + table.tableName(), t.rows(), t.files(), t.bytes(), t.snapshots(), Watermark.hex(t.watermark()),
                t.lagTicks()));
            ColdStats.TableStats g = stats.gaps();
            System.out.printf("%-8s %,12d %,7d %,14d %,10d %-14s %,12d  (lag: gap markers)%n", "k2." + GapTable.NAME, g.rows(),
                g.files(), g.bytes(), g.snapshots(), Watermark.hex(g.watermark()), g.lagTicks());
            System.out.printf("watermark %s; journal ends at %s, %,d excerpts (%,d records, %.3f s of journal time) behind%n",
                Watermark.hex(stats.watermark()), Watermark.hex(stats.journalLast()), stats.lagExcerpts(),
                stats.lagRecords(), stats.secondsBehind());
        }
        return 0;
    }
}
