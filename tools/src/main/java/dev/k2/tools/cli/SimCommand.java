package dev.k2.tools.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code k2 sim binance|binary ...}: local exchange simulators on 127.0.0.1, speaking the real wire formats. */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = {"Run a local exchange simulator on 127.0.0.1 that speaks the venue's real wire format,",
        "deterministic for a seed, with faults injected on demand; it writes what it produced to a",
        "JSON summary so tests can account for every trade."},
    subcommands = {SimBinanceCommand.class, SimBinaryCommand.class})
public final class SimCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
