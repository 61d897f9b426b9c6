package dev.k2.tools.cli;

import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.ColdWriter;
import dev.k2.persistence.cold.SyncResult;
import dev.k2.persistence.cold.Watermark;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = {
        "Rebuild the cold tables from the journal (the truth), then sync them to its end.",
        "Without --from-index: drops k2.trades and k2.quotes with their files and writes them anew.",
        "With --from-index N: rolls each table back to its newest snapshot whose watermark is at or below N",
        "(older snapshots stay, time travel included) and writes every tick after it again; it fails with a",
        "clear message when maintenance has expired those snapshots. Holds the writer lock: stop k2 cold sync first."})
public final class ColdRebuildCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--from-index", paramLabel = "N",
        description = "Journal index to rebuild after: decimal, or hex with 0x (as k2 dump and k2 cold stats print it).")
    String fromIndex;

    @Override
    public Integer call() {
        common.existingJournal();
        DataDirectory dir = common.dataDirectory();
        SyncResult result;
        Map<ColdTable, Long> rolledBack = null;
        try (ColdWriter writer = new ColdWriter(dir, ColdSettings.from(common.config(), dir))) {
            if (fromIndex == null) {
                writer.dropTables();
            } else {
                rolledBack = writer.rollBackTo(parseIndex(fromIndex));
            }
            result = writer.sync();
        }
        if (common.json()) {
            Json json = new Json().put("rows", result.rows()).put("tradeRows", result.tradeRows())
                .put("quoteRows", result.quoteRows()).put("files", result.files()).put("snapshots", result.snapshots())
                .put("watermark", result.watermark());
            if (rolledBack != null) {
                json.put("tradesFrom", rolledBack.get(ColdTable.TRADES)).put("quotesFrom", rolledBack.get(ColdTable.QUOTES));
            }
            System.out.println(json);
        } else {
            if (rolledBack != null) {
                System.out.printf("rolled back: k2.trades to watermark %s, k2.quotes to watermark %s%n",
                    Watermark.hex(rolledBack.get(ColdTable.TRADES)), Watermark.hex(rolledBack.get(ColdTable.QUOTES)));
            }
            System.out.printf("rebuilt: %,d rows (%,d trades, %,d quotes) in %,d files, %,d snapshots; watermark %s%n",
                result.rows(), result.tradeRows(), result.quoteRows(), result.files(), result.snapshots(),
                Watermark.hex(result.watermark()));
        }
        return 0;
    }

    static long parseIndex(String text) {
        String t = text.trim();
        try {
            long index = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            if (index < 0) {
                throw new NumberFormatException();
            }
            return index;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--from-index '" + text + "': not a journal index; pass a decimal index"
                + " or 0x followed by the hex index k2 dump prints");
        }
    }
}
