package dev.k2.bench.query;

import dev.k2.config.K2Config;
import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.journal.JournalSink;
import dev.k2.engine.ring.EngineSettings;
import dev.k2.engine.ring.TickPipeline;
import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.asx.AsxFileFeed;
import dev.k2.feeds.asx.AsxFormat;
import dev.k2.feeds.asx.CompanyReference;
import dev.k2.feeds.synthetic.TickGenerator;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdWriter;
import dev.k2.persistence.cold.ParquetEncoder;
import dev.k2.persistence.cold.SyncResult;
import dev.k2.persistence.deadletter.DeadLetterJournal;
import dev.k2.persistence.journal.ChronicleJournalSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.agrona.collections.IntHashSet;

/**
 * Builds the data sets: each goes into a K2 data directory (journal, then {@code k2 cold sync}'s
 * {@link ColdWriter} into Iceberg) and, tick for tick as the journal accepts them, into a
 * {@link TickTape} that the peers are loaded from. The ASX sample goes through the real engine
 * ({@link AsxFileFeed} → ring → dedup/sequence → journal); the synthetic set is appended straight
 * to the journal, as the other benchmarks do.
 */
public final class DataLoader {
    private DataLoader() {
    }

    /** Ingests every trade and quote file of the ASX sample ({@code asxRoot} = .../asx). Returns the accepted ticks. */
    public static long ingestAsx(Path asxRoot, DataDirectory dir, TickTape tape) throws IOException {
        K2Config config = K2Config.load(null, Map.of("data.dir", dir.root().toString()));
        EngineSettings settings = EngineSettings.from(config);
        InstrumentRegistry registry = new InstrumentRegistry();
        EngineCounters counters = new EngineCounters();
        EpochClock clock = EpochClock.system();
        CompanyReference reference = CompanyReference.load(asxRoot.resolve("reference-data").resolve("company_info.csv"));
        TapeSink sink = new TapeSink(new ChronicleJournalSink(dir.journal(), "FAST_HOURLY", 64, registry, new IntHashSet()),
            registry, tape);
        TickPipeline pipeline = new TickPipeline(settings, sink, new StreamTable(settings.sequenceRules(),
            settings.dedupWindow()), counters);
        try (DeadLetterJournal deadLetters = new DeadLetterJournal(dir.deadLetters(), "FAST_HOURLY", clock)) {
            for (AsxFormat format : List.of(AsxFormat.TRADES, AsxFormat.QUOTES)) {
                AsxFileFeed feed = new AsxFileFeed(format, registry, pipeline.ingress(), deadLetters, counters, clock);
                for (Path file : csvFiles(asxRoot.resolve(format == AsxFormat.TRADES ? "trades" : "quotes"))) {
                    feed.ingest(file, reference.symbolForFile(file), null);
                }
            }
        } finally {
            pipeline.close();
        }
        return counters.get(Counter.ACCEPTED);
    }

    private static List<Path> csvFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
    }

    /** {@code ticks} synthetic trades on {@code instruments} symbols, journaled and taped. */
    public static void writeSynthetic(DataDirectory dir, int ticks, int instruments, TickTape tape) {
        InstrumentRegistry registry = new InstrumentRegistry();
        TickGenerator generator = new TickGenerator(registry, instruments, 3, EpochClock.system());
        TapeSink sink = new TapeSink(new ChronicleJournalSink(dir.journal(), "FAST_HOURLY", 64, registry, new IntHashSet()),
            registry, tape);
        sink.open();
        TickEvent tick = new TickEvent().clear();
        for (int i = 0; i < ticks; i++) {
            generator.next(tick);
            tick.sequenceClass = SequenceClass.IN_ORDER;
            sink.appendTick(tick);
        }
        sink.close();
    }

    /** {@code k2 cold sync}: the whole journal into the directory's embedded Iceberg tables. */
    public static SyncResult coldSync(DataDirectory dir) {
        try (ColdWriter writer = new ColdWriter(dir, ColdSettings.embedded(dir), ParquetEncoder.COLUMNAR)) {
            return writer.sync();
        }
    }

    /** Writes through to the journal and copies each accepted trade or quote onto the tape. */
    private static final class TapeSink implements JournalSink {
        private final JournalSink journal;
        private final InstrumentRegistry registry;
        private final TickTape tape;
        private int[] tapeSymbol = new int[64];

        TapeSink(JournalSink journal, InstrumentRegistry registry, TickTape tape) {
            this.journal = journal;
            this.registry = registry;
            this.tape = tape;
            Arrays.fill(tapeSymbol, -1);
        }

        private int symbol(int instrumentId) {
            if (instrumentId >= tapeSymbol.length) {
                int old = tapeSymbol.length;
                tapeSymbol = Arrays.copyOf(tapeSymbol, Math.max(instrumentId + 1, old * 2));
                Arrays.fill(tapeSymbol, old, tapeSymbol.length, -1);
            }
            int s = tapeSymbol[instrumentId];
            if (s < 0) {
                s = tape.symbolId(registry.byId(instrumentId).symbol());
                tapeSymbol[instrumentId] = s;
            }
            return s;
        }

        @Override
        public void open() {
            journal.open();
        }

        @Override
        public void appendTick(TickEvent tick) {
            journal.appendTick(tick);
            long micros = Math.floorDiv(tick.exchangeTimeNs, 1_000L);
            if (tick.kind == TickKind.TRADE) {
                tape.addTrade(symbol(tick.instrumentId), micros, tick.price, tick.quantity);
            } else if (tick.kind == TickKind.QUOTE) {
                tape.addQuote(symbol(tick.instrumentId), micros, tick.bidPrice, tick.askPrice, tick.bidSize, tick.askSize);
            }
        }

        @Override
        public void appendGap(int instrumentId, int channel, long from, long to, long detectedAtNs) {
            journal.appendGap(instrumentId, channel, from, to, detectedAtNs);
        }

        @Override
        public void appendReset(int instrumentId, int channel, long oldHighWaterMark, long newSeq, long atNs) {
            journal.appendReset(instrumentId, channel, oldHighWaterMark, newSeq, atNs);
        }

        @Override
        public void appendDuplicates(int instrumentId, int channel, long first, long last, long count, long atNs) {
            journal.appendDuplicates(instrumentId, channel, first, last, count, atNs);
        }

        @Override
        public void flush() {
            journal.flush();
        }

        @Override
        public void close() {
            journal.close();
        }
    }
}
