package dev.k2.tools.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: the binance sim is being built (issue 3). */
@Command(name = "binance", mixinStandardHelpOptions = true, description = "The binance sim (being built).")
public final class SimBinanceCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalStateException("k2 sim binance is not built yet");
    }
}
