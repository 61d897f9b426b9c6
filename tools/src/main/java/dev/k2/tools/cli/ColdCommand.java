package dev.k2.tools.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code k2 cold sync|stats|maintain|rebuild|catalog}: the Iceberg cold store derived from the journal. */
@Command(name = "cold", mixinStandardHelpOptions = true,
    description = {"Keep the journal's ticks in Apache Iceberg tables k2.trades and k2.quotes (Parquet, zstd),",
        "and its gap markers in k2.gaps.",
        "The embedded catalog is Iceberg's JDBC catalog on DIR/cold/catalog.db (SQLite), files under",
        "DIR/cold/warehouse; cold.catalog.uri and cold.warehouse point elsewhere. Each commit records the",
        "journal index it holds (snapshot summary k2.journal-index): the hand-off is exactly once."},
    subcommands = {ColdSyncCommand.class, ColdStatsCommand.class, ColdMaintainCommand.class,
        ColdRebuildCommand.class, ColdCatalogCommand.class})
public final class ColdCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
