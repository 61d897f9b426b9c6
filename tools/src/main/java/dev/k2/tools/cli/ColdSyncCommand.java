package dev.k2.tools.cli;

import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdWriter;
import dev.k2.persistence.cold.SyncResult;
import dev.k2.persistence.cold.Watermark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "sync", mixinStandardHelpOptions = true,
    description = {
        "Bring the cold tables up to the end of the journal, then exit.",
        "Reads the journal after the tables' watermark, writes Parquet files and commits one snapshot per",
        "table per batch (cold.batchRows, cold.batchBytes, cold.batchAgeMs); markers are not rows.",
        "Prints rows, files and snapshots written and the new watermark. Running it again writes nothing",
        "until the journal grows. Safe beside a running engine (it only reads the journal)."})
public final class ColdSyncCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.existingJournal();
        DataDirectory dir = common.dataDirectory();
        SyncResult result;
        try (ColdWriter writer = new ColdWriter(dir, ColdSettings.from(common.config(), dir))) {
            result = writer.sync();
        }
        long elapsedMs = result.elapsedNs() / 1_000_000;
        if (common.json()) {
            System.out.println(new Json().put("rows", result.rows()).put("tradeRows", result.tradeRows())
                .put("quoteRows", result.quoteRows()).put("files", result.files()).put("fileBytes", result.fileBytes())
                .put("snapshots", result.snapshots()).put("batches", result.batches())
                .put("excerpts", result.excerpts()).put("watermark", result.watermark())
                .put("watermarkHex", Watermark.hex(result.watermark())).put("elapsedMs", elapsedMs)
                .put("rowsPerSecond", result.rowsPerSecond()));
        } else if (result.excerpts() == 0) {
            System.out.printf("cold tables already at the end of the journal (watermark %s): nothing to write%n",
                Watermark.hex(result.watermark()));
        } else {
            System.out.printf("%,d rows (%,d trades, %,d quotes) in %,d files (%,d bytes), %,d snapshots in %,d batches,"
                    + " from %,d journal excerpts in %,d ms (%,d rows/s); watermark %s%n",
                result.rows(), result.tradeRows(), result.quoteRows(), result.files(), result.fileBytes(),
                result.snapshots(), result.batches(), result.excerpts(), elapsedMs, result.rowsPerSecond(),
                Watermark.hex(result.watermark()));
        }
        return 0;
    }
}
