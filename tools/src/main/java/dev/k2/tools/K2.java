package dev.k2.tools;

import dev.k2.config.ConfigException;
import dev.k2.engine.ring.EngineFailedException;
import dev.k2.tools.cli.ColdCommand;
import dev.k2.tools.cli.ConfigCommand;
import dev.k2.tools.cli.DemoCommand;
import dev.k2.tools.cli.DumpCommand;
import dev.k2.tools.cli.FeedCommand;
import dev.k2.tools.cli.SimCommand;
import dev.k2.tools.cli.IngestCommand;
import dev.k2.tools.cli.KeysCommand;
import dev.k2.tools.cli.QueryCommand;
import dev.k2.tools.cli.ReplayCommand;
import dev.k2.tools.cli.ServeCommand;
import dev.k2.tools.cli.VerifyCommand;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code k2} command line. */
@Command(name = "k2", mixinStandardHelpOptions = true, version = "k2 0.1.0",
    description = {
        "K2: a low-latency market-data engine.",
        "Ticks flow from feeds through one Disruptor ring (dedup -> sequence check -> journal)",
        "into a Chronicle Queue journal, the source of truth; k2 cold keeps it in Iceberg tables."},
    subcommands = {IngestCommand.class, FeedCommand.class, SimCommand.class, VerifyCommand.class,
        ReplayCommand.class, DumpCommand.class, DemoCommand.class, ColdCommand.class, ServeCommand.class,
        QueryCommand.class, KeysCommand.class, ConfigCommand.class},
    footer = {"", "Every command takes --data-dir DIR (default ./k2-data), --config FILE, --set KEY=VALUE, --json.",
        "From the repository: ./k2 test runs the test suite, ./k2 bench the JMH benchmarks."})
public final class K2 implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line; returns its exit status (0 ok, 1 failed check or error, 2 bad usage). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new K2());
        commandLine.setUsageHelpWidth(110); // descriptions are written as lines of up to ~100 characters
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cl.getErr().println("k2 " + cl.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            if (e instanceof IllegalStateException || e instanceof UncheckedIOException
                || e instanceof java.io.IOException || e instanceof EngineFailedException) {
                cl.getErr().println("k2 " + cl.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return commandLine.execute(args);
    }
}
