package dev.k2.tools.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: the binary feed is being built (issue 3). */
@Command(name = "binary", mixinStandardHelpOptions = true, description = "The binary feed (being built).")
public final class FeedBinaryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalStateException("k2 feed binary is not built yet");
    }
}
