package dev.k2.query.engine;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdWriter;
import dev.k2.persistence.cold.SyncResult;
import dev.k2.persistence.journal.ChronicleJournalSink;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import dev.k2.query.api.TickRow;
import dev.k2.query.hot.TickRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.collections.IntHashSet;

/**
 * A synthetic market written straight into a data directory's journal (ChronicleJournalSink on the
 * calling thread), synced to the cold tables with ColdWriter, and read back by brute force.
 */
final class MarketFixture {
    static final long DAY_MICROS = 86_400_000_000L;
    /** 2024-03-04T00:00:00Z. */
    static final long START_MICROS = 1_709_510_400_000_000L;
    static final String[][] INSTRUMENTS = {
        {"ASX", "BHP"}, {"ASX", "RIO"}, {"BINANCE", "BTCUSDT"}, {"BINANCE", "ETHUSDT"}, {"BINANCE", "BHP"}};

    final DataDirectory dir;
    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final IntHashSet defined = new IntHashSet();
    private final Random random;
    private final TickEvent tick = new TickEvent();
    private long timeMicros = START_MICROS;
    private long seq;
    private ChronicleJournalSink sink;

    MarketFixture(Path root, long seed) {
        this.dir = new DataDirectory(root);
        this.random = new Random(seed);
    }

    /** Opens the journal for appending on the calling thread. */
    MarketFixture open() {
        sink = new ChronicleJournalSink(dir.journal(), "FAST_HOURLY", 64, registry, defined);
        sink.open();
        return this;
    }

    void closeSink() {
        if (sink != null) {
            sink.close();
            sink = null;
        }
    }

    /**
     * Appends {@code n} random ticks spread over about {@code spanMicros} of exchange time, some at the
     * same microsecond, some out of order, flushed in excerpts of random size.
     */
    void append(int n, long spanMicros) {
        long step = Math.max(1, spanMicros / Math.max(1, n));
        for (int i = 0; i < n; i++) {
            String[] name = INSTRUMENTS[random.nextInt(INSTRUMENTS.length)];
            Instrument instrument = registry.intern(name[0], name[1], name[0].equals("ASX") ? AssetClass.EQUITY
                : AssetClass.CRYPTO);
            int r = random.nextInt(10);
            if (r < 7) {
                timeMicros += random.nextLong(2 * step + 1);
            }
            long exchange = r == 9 ? timeMicros - random.nextLong(50 * step + 1) : timeMicros;
            tick.clear();
            tick.kind = random.nextInt(3) == 0 ? TickKind.QUOTE : TickKind.TRADE;
            tick.instrumentId = instrument.id();
            tick.channel = random.nextInt(3);
            tick.sequencePolicy = random.nextBoolean() ? SequencePolicy.UNSEQUENCED : SequencePolicy.PERMANENT;
            tick.sourceSeq = ++seq;
            tick.exchangeTimeNs = exchange * 1_000L + random.nextInt(1000);
            tick.receiveTimeNs = tick.exchangeTimeNs + random.nextInt(1_000_000);
            tick.tradeId = random.nextInt(4) == 0 ? -1 : seq * 7;
            tick.side = Side.ofCode(random.nextInt(3));
            tick.price = 1_000_000L + random.nextLong(10_000_000_000L);
            tick.quantity = 1 + random.nextLong(100_000_000_000L);
            tick.bidPrice = 1_000_000L + random.nextLong(10_000_000_000L);
            tick.bidSize = random.nextLong(100_000_000_000L);
            tick.askPrice = tick.bidPrice + random.nextLong(1_000_000L);
            tick.askSize = random.nextLong(100_000_000_000L);
            tick.conditions = random.nextInt(100);
            tick.sequenceClass = dev.k2.engine.sequence.SequenceClass.IN_ORDER;
            sink.appendTick(tick);
            if (random.nextInt(20) == 0) {
                sink.flush();
            }
        }
        sink.flush();
    }

    long lastIndex() {
        return sink.lastIndex();
    }

    long timeMicros() {
        return timeMicros;
    }

    /** Brings the cold tables up to the journal's end. */
    SyncResult sync() {
        try (ColdWriter writer = new ColdWriter(dir, ColdSettings.embedded(dir))) {
            return writer.sync();
        }
    }

    /** Every tick in the journal with index at most {@code end}, in journal order. */
    List<TickRow> journal(long end) {
        List<TickRow> rows = new ArrayList<>();
        InstrumentRegistry names = new InstrumentRegistry();
        try (JournalReader reader = new JournalReader(dir.journal(), names)) {
            reader.read(end, new JournalVisitor() {
                @Override
                public void onTick(long index, int record, TickEvent t) {
                    rows.add(TickRows.of(index, record, t, names));
                }
            });
        }
        return rows;
    }
}
