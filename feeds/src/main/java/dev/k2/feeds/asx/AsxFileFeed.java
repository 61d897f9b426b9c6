package dev.k2.feeds.asx;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.journal.DeadLetterSink;
import dev.k2.engine.journal.RejectReason;
import dev.k2.engine.ring.TickIngress;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.time.EpochClock;
import dev.k2.feeds.text.ChunkedLineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.function.LongConsumer;

/**
 * Reads ASX sample files ({@link AsxFormat}: one company, one kind per file) and publishes one tick
 * per good row into the ring. Bad rows go to the dead-letter sink with their raw bytes, line number
 * and reason; they never stop the file (DESIGN.md 8).
 *
 * <h2>Identity of a row</h2>
 * The files carry no exchange sequence number, so a row's ordinal stands in for one:
 * <pre>
 *  channel   = kind code × 100,000,000 + trading day (yyyymmdd)   e.g. trades 10 Mar 2014 → 120140310
 *  sourceSeq = ordinal (from 0) of the row within its (instrument, kind, trading day), in file order
 * </pre>
 * Each (instrument, kind, trading day) is therefore its own {@link SequencePolicy#PERMANENT} stream,
 * and re-ingesting a file yields the same keys, which the engine drops as duplicates. Identical
 * looking rows get different ordinals: they are separate fills (DESIGN.md 7). A row whose date
 * parses takes its ordinal even if it is then rejected, so a dead-lettered row leaves an honest gap;
 * a row without a readable date takes none.
 *
 * <h2>Times</h2>
 * Times are Sydney wall-clock time and become UTC epoch nanoseconds under the real rules of
 * {@code Australia/Sydney} (AEDT = UTC+11 in March 2014); see {@link dev.k2.feeds.time.LocalTimeConverter}.
 *
 * <h2>Cost</h2>
 * The file is read in 1 MiB chunks and parsed from the bytes; a good row allocates nothing. Not
 * thread-safe: one feed instance per thread, one file at a time.
 */
public final class AsxFileFeed {
    public static final String VENUE = "ASX";
    public static final ZoneId EXCHANGE_ZONE = ZoneId.of("Australia/Sydney");
    static final int BUFFER_BYTES = 1 << 20;
    private static final int KIND_FACTOR = 100_000_000;

    private final AsxFormat format;
    private final InstrumentRegistry registry;
    private final TickIngress ingress;
    private final DeadLetterSink deadLetters;
    private final EngineCounters counters;
    private final EpochClock clock;
    private final ChunkedLineReader reader = new ChunkedLineReader(BUFFER_BYTES);
    private final AsxRowParser parser;
    private final TickEvent row = new TickEvent();

    public AsxFileFeed(AsxFormat format, InstrumentRegistry registry, TickIngress ingress, DeadLetterSink deadLetters,
                       EngineCounters counters, EpochClock clock) {
        this.format = format;
        this.registry = registry;
        this.ingress = ingress;
        this.deadLetters = deadLetters;
        this.counters = counters;
        this.clock = clock;
        this.parser = new AsxRowParser(format, EXCHANGE_ZONE, reader.buffer());
    }

    /**
     * The channel of an (kind, trading day) stream: {@code kind.code() × 100,000,000 + yyyymmdd}, so
     * trades of 10 March 2014 are channel 120140310 and quotes 220140310.
     */
    public static int channel(TickKind kind, int yyyymmdd) {
        if (yyyymmdd <= 0 || yyyymmdd >= KIND_FACTOR) {
            throw new IllegalArgumentException("trading day must be yyyymmdd, was " + yyyymmdd);
        }
        return kind.code() * KIND_FACTOR + yyyymmdd;
    }

    /** The trading day (yyyymmdd) of a channel made by {@link #channel}. */
    public static int tradingDay(int channel) {
        return channel % KIND_FACTOR;
    }

    /** The tick kind of a channel made by {@link #channel}, or null when it is not one. */
    public static TickKind kind(int channel) {
        return TickKind.ofCode(channel / KIND_FACTOR);
    }

    public AsxFormat format() {
        return format;
    }

    /**
     * Publishes every good row of {@code file} as a tick of {@code symbol} on venue ASX.
     *
     * @param bytesProgress receives the bytes read so far after each chunk; may be null
     * @throws IOException when the file is missing or cannot be read; the message names the file
     */
    public FileResult ingest(Path file, String symbol, LongConsumer bytesProgress) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException missing) {
            throw new NoSuchFileException(file.toString(), null, "no such " + format + " file");
        } catch (IOException failed) {
            throw cannotRead(file, failed);
        }
        try (in) {
            FileRun run = new FileRun(file, symbol, registry.intern(VENUE, symbol, AssetClass.EQUITY).id());
            reader.read(in, run, bytesProgress);
            return run.result();
        } catch (IOException failed) {
            throw cannotRead(file, failed);
        }
    }

    private IOException cannotRead(Path file, IOException cause) {
        return new IOException("cannot read " + format + " file " + file + ": " + cause.getMessage(), cause);
    }

    /** The state of one file's ingest; it receives the file's lines. */
    private final class FileRun implements ChunkedLineReader.LineHandler {
        private final Path file;
        private final String source;
        private final String symbol;
        private final int instrumentId;
        private final DayOrdinals ordinals = new DayOrdinals();
        private long rowsRead;
        private long published;
        private long rejected;
        private long firstExchangeTimeNs;
        private long lastExchangeTimeNs;

        FileRun(Path file, String symbol, int instrumentId) {
            this.file = file;
            this.source = file.toString();
            this.symbol = symbol;
            this.instrumentId = instrumentId;
        }

        @Override
        public void onLine(byte[] bytes, int start, int end, long lineNumber) {
            if (start == end) {
                return;
            }
            rowsRead++;
            counters.increment(Counter.READ);
            row.clear();
            RejectReason reason = parser.parse(start, end, row);
            int day = parser.tradingDay();
            long ordinal = day > 0 ? ordinals.next(day) : -1;
            if (reason != null) {
                reject(bytes, start, end, lineNumber, reason, parser.message());
                return;
            }
            row.instrumentId = instrumentId;
            row.channel = channel(format.kind(), day);
            row.sequencePolicy = SequencePolicy.PERMANENT;
            row.sourceSeq = ordinal;
            row.tradeId = -1;
            row.side = Side.UNKNOWN;
            row.receiveTimeNs = clock.epochNanos();
            publish();
        }

        @Override
        public void onOverlongLine(byte[] bytes, int start, int end, long lineNumber) {
            rowsRead++;
            counters.increment(Counter.READ);
            row.clear();
            parser.parse(start, end, row);
            if (parser.tradingDay() > 0) {
                ordinals.next(parser.tradingDay());
            }
            reject(bytes, start, end, lineNumber, RejectReason.MALFORMED_LINE,
                "line is longer than " + (end - start) + " bytes; its first " + (end - start) + " bytes are kept");
        }

        private void publish() {
            long sequence = ingress.claim();
            try {
                ingress.slot(sequence).copyCoreFrom(row);
            } finally {
                ingress.publish(sequence);
            }
            if (published++ == 0) {
                firstExchangeTimeNs = row.exchangeTimeNs;
            }
            lastExchangeTimeNs = row.exchangeTimeNs;
        }

        private void reject(byte[] bytes, int start, int end, long lineNumber, RejectReason reason, String message) {
            deadLetters.reject(bytes, start, end - start, source, lineNumber, reason, message);
            counters.increment(Counter.DEAD_LETTERS);
            rejected++;
        }

        FileResult result() {
            return new FileResult(file, symbol, rowsRead, published, rejected, firstExchangeTimeNs, lastExchangeTimeNs);
        }
    }
}
