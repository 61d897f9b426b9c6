package dev.k2.tools.cli;

import dev.k2.engine.stats.Counter;
import dev.k2.feeds.asx.AsxFileFeed;
import dev.k2.feeds.asx.AsxFormat;
import dev.k2.feeds.asx.CompanyReference;
import dev.k2.tools.runtime.EngineSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {
        "Ingest ASX trade or quote files through the engine into the journal.",
        "Rows are Sydney local time, converted to UTC. A row's sequence is its ordinal within",
        "(instrument, trading day), so ingesting a file twice accepts nothing the second time.",
        "Malformed lines go to the dead-letter journal with file and line; the file goes on."},
    footer = {"", "Example: k2 ingest --format asx-trades ../shared/data/asx/trades/7078.csv"})
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "asx-trades (date,time,price,volume,qualifiers,venue,buyer_id) or "
            + "asx-quotes (date,time,bid,ask,bid_volume,ask_volume)")
    String format;

    @Option(names = "--symbol", paramLabel = "S", description = "Symbol of every file; default: from the file name via --reference.")
    String symbol;

    @Option(names = "--reference", paramLabel = "FILE",
        description = "company_info.csv mapping company id (the file name) to symbol. "
            + "Default: ../reference-data/company_info.csv next to the file's folder.")
    Path reference;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to ingest, in order.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        AsxFormat asxFormat = AsxFormat.parse(format);
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file + ": no such file, or not readable");
            }
        }
        long totalBytes = 0;
        for (Path file : files) {
            totalBytes += Files.size(file);
        }
        long start = System.nanoTime();
        EngineSession engine = EngineSession.open(common.config());
        try (ProgressBar progress = ProgressBar.create(!common.json(), "ingest", "rows", totalBytes)) {
            AsxFileFeed feed = new AsxFileFeed(asxFormat, engine.registry(), engine.ingress(), engine.deadLetters(),
                engine.counters(), engine.clock());
            long doneBytes = 0;
            for (Path file : files) {
                String fileSymbol = symbol != null ? symbol : referenceFor(file).symbolForFile(file);
                long before = doneBytes;
                feed.ingest(file, fileSymbol, bytes -> progress.update(before + bytes, engine.counters().get(Counter.READ)));
                doneBytes += Files.size(file);
            }
        } finally {
            engine.close(); // drains the ring and flushes the journal: the summary counts what is journaled
        }
        IngestSummary summary = IngestSummary.of(engine.counters(), engine.counters().get(Counter.READ),
            System.nanoTime() - start, engine.acceptedHash());
        if (common.json()) {
            System.out.println(summary.toJson());
        } else {
            summary.print(System.out);
        }
        return 0;
    }

    private CompanyReference loaded;

    private CompanyReference referenceFor(Path file) throws IOException {
        if (loaded == null) {
            Path path = reference;
            if (path == null) {
                Path parent = file.toAbsolutePath().getParent();
                path = parent == null || parent.getParent() == null ? null
                    : parent.getParent().resolve("reference-data").resolve("company_info.csv");
                if (path == null || !Files.isReadable(path)) {
                    throw new IllegalArgumentException("cannot tell the symbol of " + file
                        + ": pass --symbol S, or --reference company_info.csv");
                }
            }
            loaded = CompanyReference.load(path);
        }
        return loaded;
    }
}
