package dev.k2.tools.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code k2 sim binance|binary ...}: local exchange simulators on 127.0.0.1, speaking the real wire formats. */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = {"Run a local exchange simulator (binance, binary) on 127.0.0.1.",
        "It speaks the venue's real wire format, is deterministic for a seed, injects faults on",
        "demand, and writes what it produced to a JSON summary so every trade can be accounted for."},
    subcommands = {SimBinanceCommand.class, SimBinaryCommand.class})
public final class SimCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
