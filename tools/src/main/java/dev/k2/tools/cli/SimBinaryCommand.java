package dev.k2.tools.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: the binary sim is being built (issue 3). */
@Command(name = "binary", mixinStandardHelpOptions = true, description = "The binary sim (being built).")
public final class SimBinaryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalStateException("k2 sim binary is not built yet");
    }
}
