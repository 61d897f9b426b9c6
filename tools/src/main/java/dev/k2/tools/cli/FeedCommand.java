package dev.k2.tools.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code k2 feed binance|binary ...}: runs one live feed into the engine and journal. */
@Command(name = "feed", mixinStandardHelpOptions = true,
    description = {"Connect a live feed (binance, binary) to the engine and journal.",
        "Runs until --duration ends or Ctrl-C, then shuts down cleanly (drain the ring, flush the",
        "journal) and prints the ingest summary plus reconnects and backfilled ticks."},
    subcommands = {FeedBinanceCommand.class, FeedBinaryCommand.class})
public final class FeedCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
