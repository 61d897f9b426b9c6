package dev.k2.tools.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: the binance feed is being built (issue 3). */
@Command(name = "binance", mixinStandardHelpOptions = true, description = "The binance feed (being built).")
public final class FeedBinanceCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalStateException("k2 feed binance is not built yet");
    }
}
