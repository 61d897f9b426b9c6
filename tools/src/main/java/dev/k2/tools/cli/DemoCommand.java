package dev.k2.tools.cli;

import dev.k2.config.K2Config;
import dev.k2.config.K2Settings;
import dev.k2.engine.sequence.SequenceRules;
import dev.k2.feeds.synthetic.SyntheticMarket;
import dev.k2.persistence.DataDirectory;
import dev.k2.tools.runtime.EngineSession;
import dev.k2.tools.verify.JournalVerifier;
import dev.k2.tools.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Run a synthetic market through the engine into a fresh journal, then verify it.",
        "Several instruments, random-walk prices, injected duplicates and gaps. Needs no data and",
        "no network.",
        "The demo owns DIR/demo under --data-dir and recreates it on every run."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--ticks", defaultValue = "1000000", description = "Ticks to generate. Default: ${DEFAULT-VALUE}")
    long ticks;

    @Option(names = "--instruments", defaultValue = "8", description = "Instruments. Default: ${DEFAULT-VALUE}")
    int instruments;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same stream.")
    long seed;

    @Option(names = "--duplicate-rate", defaultValue = "0.001", description = "Share of ticks sent twice. Default: ${DEFAULT-VALUE}")
    double duplicateRate;

    @Option(names = "--gap-rate", defaultValue = "0.0005", description = "Share of ticks after which numbers are skipped. Default: ${DEFAULT-VALUE}")
    double gapRate;

    @Override
    public Integer call() throws IOException {
        Path demoDir = Path.of(common.config().get(K2Settings.DATA_DIR)).resolve("demo");
        deleteRecursively(demoDir);
        K2Config config = common.configFor(demoDir);
        SyntheticMarket market = new SyntheticMarket(
            new SyntheticMarket.Options(instruments, ticks, seed, duplicateRate, gapRate));
        long start = System.nanoTime();
        EngineSession engine = EngineSession.open(config);
        SyntheticMarket.Summary generated;
        try {
            generated = market.run(engine.registry(), engine.ingress(), engine.clock());
        } finally {
            engine.close();
        }
        IngestSummary summary = IngestSummary.of(engine.counters(), generated.ticksPublished(), System.nanoTime() - start,
            engine.acceptedHash());
        VerifyReport report = JournalVerifier.verify(new DataDirectory(demoDir).journal(), SequenceRules.from(config),
            config.get(K2Settings.DEDUP_WINDOW));
        boolean matches = summary.accepted() == generated.distinctTicks()
            && summary.duplicates() == generated.duplicatesInjected()
            && summary.gaps() == generated.gapsOpened();
        if (common.json()) {
            System.out.println(new Json().put("dataDir", demoDir.toString()).put("generated", new Json()
                    .put("ticks", generated.ticksPublished()).put("distinct", generated.distinctTicks())
                    .put("duplicatesInjected", generated.duplicatesInjected()).put("gapsOpened", generated.gapsOpened())
                    .put("lateFills", generated.lateFills()).put("numbersNeverSent", generated.numbersNeverSent()))
                .put("ingest", summary.toJson())
                .put("verify", new Json().put("consistent", report.consistent()).put("records", report.records())
                    .put("ticks", report.ticks()))
                .put("accountedFor", matches));
        } else {
            System.out.printf("K2 demo: %,d synthetic ticks over %d instruments (seed %d) into %s%n%n",
                generated.ticksPublished(), instruments, seed, demoDir);
            summary.print(System.out);
            System.out.printf("%ninjected: %,d duplicates, %,d gaps (%,d late fills, %,d numbers never sent)%n",
                generated.duplicatesInjected(), generated.gapsOpened(), generated.lateFills(),
                generated.numbersNeverSent());
            System.out.printf("every injected fault accounted for: %s%n%n", matches ? "yes" : "NO");
            System.out.println("k2 verify:");
            report.instruments().forEach((symbol, r) -> System.out.printf("  %-6s %,10d ticks  %,4d gaps  %,5d missing  %,5d duplicates rejected%n",
                symbol, r.count(), r.gaps(), r.missingOpen(), r.duplicatesRejected()));
            System.out.printf("  %,d records: %s%n", report.records(), report.consistent() ? "consistent" : "PROBLEMS " + report.problems());
            System.out.printf("%nNext: k2 dump --data-dir %s --limit 20 ; k2 replay --data-dir %s --sink null%n", demoDir, demoDir);
        }
        return report.consistent() && matches ? 0 : 1;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
