package dev.k2.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.ring.EngineSettings;
import dev.k2.engine.ring.TickIngress;
import dev.k2.engine.ring.TickPipeline;
import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickHash;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.tick.VendorData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class ChronicleJournalTest {
    @TempDir
    Path dir;

    /** One run of the engine over the data directory, as the CLI does it: recover, then start. */
    private final class Run implements AutoCloseable {
        final InstrumentRegistry registry = new InstrumentRegistry();
        final EngineCounters counters = new EngineCounters();
        final TickPipeline pipeline;
        final JournalRecovery.Recovered recovered;

        Run(int batchRecords) {
            EngineSettings settings = EngineSettings.defaults();
            StreamTable streams = new StreamTable(settings.sequenceRules(), 1024);
            recovered = JournalRecovery.recover(dir, registry, streams);
            pipeline = new TickPipeline(settings,
                new ChronicleJournalSink(dir, "FAST_HOURLY", batchRecords, registry, recovered.definedInstruments()),
                streams, counters);
        }

        void publish(String symbol, long seq) {
            Instrument instrument = registry.intern("TEST", symbol, AssetClass.CRYPTO);
            TickIngress ingress = pipeline.ingress();
            long claimed = ingress.claim();
            TickEvent t = ingress.slot(claimed);
            t.kind = seq % 3 == 0 ? TickKind.QUOTE : TickKind.TRADE;
            t.instrumentId = instrument.id();
            t.channel = 7;
            t.sequencePolicy = SequencePolicy.PERMANENT;
            t.sourceSeq = seq;
            t.tradeId = seq * 10;
            t.exchangeTimeNs = 1_700_000_000_000_000_000L + seq;
            t.receiveTimeNs = t.exchangeTimeNs + 5;
            t.side = Side.SELL;
            t.price = 6_000_012_345_678L + seq;
            t.quantity = 12_345L;
            t.bidPrice = 1;
            t.bidSize = 2;
            t.askPrice = 3;
            t.askSize = 4;
            t.conditions = 25;
            VendorData.put(t, "m", "true");
            ingress.publish(claimed);
        }

        @Override
        public void close() {
            pipeline.close();
        }
    }

    private List<String> readBack(InstrumentRegistry registry, TickHash hash) {
        List<String> lines = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir, registry)) {
            reader.readAll(new JournalVisitor() {
                @Override
                public void onInstrument(long index, int record, Instrument instrument) {
                    lines.add("instrument " + instrument.id() + " " + instrument.symbol());
                }

                @Override
                public void onTick(long index, int record, TickEvent tick) {
                    hash.add(tick);
                    lines.add("tick " + tick.instrumentId + " " + tick.sourceSeq + " " + tick.sequenceClass);
                }

                @Override
                public void onGap(long index, int record, int instrumentId, int channel, long from, long to, long atNs) {
                    lines.add("gap " + instrumentId + " " + from + ".." + to);
                }

                @Override
                public void onDuplicates(long index, int record, int instrumentId, int channel, long first, long last,
                                         long count, long atNs) {
                    lines.add("duplicates " + instrumentId + " " + first + ".." + last + " x" + count);
                }

                @Override
                public void onCorrupt(long index, String problem) {
                    lines.add("corrupt " + problem);
                }
            });
        }
        return lines;
    }

    @ParameterizedTest(name = "batchRecords={0}")
    @ValueSource(ints = {1, 64})
    void journalReadsBackEveryFieldExactlyWithMarkersInPlace(int batchRecords) {
        long ingestHash;
        try (Run run = new Run(batchRecords)) {
            run.publish("BTCUSDT", 1);
            run.publish("BTCUSDT", 2);
            run.publish("ETHUSDT", 1);
            run.publish("BTCUSDT", 5);
            run.publish("BTCUSDT", 2);
            run.close();
            ingestHash = run.pipeline.acceptedHash();
        }
        TickHash readHash = new TickHash();
        List<String> lines = readBack(new InstrumentRegistry(), readHash);
        assertThat(lines).containsExactly(
            "instrument 1 BTCUSDT", "tick 1 1 IN_ORDER", "tick 1 2 IN_ORDER",
            "instrument 2 ETHUSDT", "tick 2 1 IN_ORDER",
            "gap 1 3..4", "tick 1 5 GAP",
            "duplicates 1 2..2 x1");
        assertThat(readHash.value()).isEqualTo(ingestHash);

        InstrumentRegistry registry = new InstrumentRegistry();
        List<TickEvent> ticks = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir, registry)) {
            reader.readAll(new JournalVisitor() {
                @Override
                public void onTick(long index, int record, TickEvent tick) {
                    TickEvent copy = new TickEvent().clear();
                    copy.copyCoreFrom(tick);
                    ticks.add(copy);
                }
            });
        }
        TickEvent first = ticks.get(0);
        assertThat(first.kind).isEqualTo(TickKind.TRADE);
        assertThat(first.price).isEqualTo(6_000_012_345_679L);
        assertThat(first.quantity).isEqualTo(12_345L);
        assertThat(first.exchangeTimeNs).isEqualTo(1_700_000_000_000_000_001L);
        assertThat(first.receiveTimeNs).isEqualTo(1_700_000_000_000_000_006L);
        assertThat(first.tradeId).isEqualTo(10);
        assertThat(first.side).isEqualTo(Side.SELL);
        assertThat(first.conditions).isEqualTo(25);
        assertThat(first.askSize).isZero(); // a trade's journal record keeps price and quantity, not bid/ask
        assertThat(VendorData.toMap(first.vendorData, 0, first.vendorLength)).isEqualTo(Map.of("m", "true"));
        assertThat(registry.byId(2).symbol()).isEqualTo("ETHUSDT");
    }

    @Test
    void dedupAndGapStateSurviveARestartFromTheJournal() {
        try (Run run = new Run(64)) {
            for (long seq = 1; seq <= 1000; seq++) {
                if (seq != 500) {
                    run.publish("BTCUSDT", seq);
                }
            }
        }
        try (Run restarted = new Run(64)) {
            assertThat(restarted.recovered.ticks()).isEqualTo(999);
            assertThat(restarted.registry.bySymbol("TEST", "BTCUSDT").id()).isEqualTo(1);
            for (long seq = 1; seq <= 1001; seq++) {
                restarted.publish("BTCUSDT", seq);
            }
            restarted.close();
            assertThat(restarted.counters.get(Counter.DUPLICATES)).isEqualTo(999);
            assertThat(restarted.counters.get(Counter.OUT_OF_ORDER)).isEqualTo(1); // 500 filled the old gap
            assertThat(restarted.counters.get(Counter.IN_ORDER)).isEqualTo(1);     // 1001
            assertThat(restarted.counters.get(Counter.ACCEPTED)).isEqualTo(2);
        }
        List<String> lines = readBack(new InstrumentRegistry(), new TickHash());
        assertThat(lines.stream().filter(l -> l.startsWith("instrument"))).hasSize(1); // not redefined
        assertThat(lines).contains("tick 1 500 " + SequenceClass.OUT_OF_ORDER);
    }

    @Test
    void recoveryOfAnEmptyDirectoryStartsClean() {
        JournalRecovery.Recovered recovered = JournalRecovery.recover(dir.resolve("none"), new InstrumentRegistry(),
            new StreamTable(EngineSettings.defaults().sequenceRules(), 16));
        assertThat(recovered.ticks()).isZero();
        assertThat(recovered.definedInstruments()).isEqualTo(new IntHashSet());
    }
}
