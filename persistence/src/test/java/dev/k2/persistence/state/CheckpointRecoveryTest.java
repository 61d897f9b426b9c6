package dev.k2.persistence.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.ring.EngineSettings;
import dev.k2.engine.ring.TickIngress;
import dev.k2.engine.ring.TickPipeline;
import dev.k2.engine.sequence.SequenceRules;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.persistence.journal.ChronicleJournalSink;
import dev.k2.persistence.journal.JournalRecovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint only saves time: state from checkpoint + journal tail decides every tick exactly as
 * state rebuilt from the whole journal; a stale, corrupt or foreign checkpoint is ignored.
 */
@Timeout(60)
class CheckpointRecoveryTest {
    private static final SequenceRules RULES = new SequenceRules(8, 1_000, 30_000_000_000L);
    private static final int WINDOW = 32;

    @TempDir
    Path dir;
    Path journal;
    Path checkpoint;
    private final SplittableRandom random = new SplittableRandom(11);
    private long clockNs = 1_000_000_000_000L;

    @BeforeEach
    void paths() {
        journal = dir.resolve("journal");
        checkpoint = dir.resolve("state/checkpoint.bin");
    }

    /** One engine run: recover (optionally from the checkpoint), publish a random stream, optionally checkpoint. */
    private JournalRecovery.Recovered run(int ticks, boolean useCheckpoint, boolean writeCheckpoint) {
        InstrumentRegistry registry = new InstrumentRegistry();
        StreamTable streams = new StreamTable(RULES, WINDOW);
        JournalRecovery.Recovered recovered = JournalRecovery.recover(journal, useCheckpoint ? checkpoint : null,
            registry, streams);
        EngineCounters counters = new EngineCounters();
        ChronicleJournalSink sink = new ChronicleJournalSink(journal, "FAST_HOURLY", 16, registry,
            recovered.definedInstruments());
        TickPipeline pipeline = new TickPipeline(EngineSettings.defaults(), sink, streams, counters);
        int[] ids = {registry.intern("X", "AAA", AssetClass.CRYPTO).id(), registry.intern("X", "BBB", AssetClass.CRYPTO).id()};
        for (int i = 0; i < ticks; i++) {
            TickIngress ingress = pipeline.ingress();
            long claimed = ingress.claim();
            TickEvent t = ingress.slot(claimed);
            randomTick(t, ids);
            ingress.publish(claimed);
        }
        pipeline.close();
        if (writeCheckpoint) {
            assertThat(JournalRecovery.checkpoint(journal, checkpoint, sink.lastIndex(),
                recovered.totalTicks() + counters.get(Counter.ACCEPTED), registry, streams)).isTrue();
        }
        return recovered;
    }

    /** Sequenced ticks that jump ahead, go back into gaps and repeat; unsequenced ids that repeat. */
    private void randomTick(TickEvent t, int[] ids) {
        t.kind = TickKind.TRADE;
        t.instrumentId = ids[random.nextInt(ids.length)];
        clockNs += random.nextInt(1_000_000);
        t.receiveTimeNs = clockNs;
        t.exchangeTimeNs = clockNs;
        if (random.nextInt(4) == 0) {
            t.sequencePolicy = SequencePolicy.UNSEQUENCED;
            t.channel = 9;
            t.tradeId = random.nextInt(200);
        } else {
            t.sequencePolicy = SequencePolicy.PERMANENT;
            t.channel = 1 + random.nextInt(2);
            t.sourceSeq = random.nextInt(3_000);
            t.tradeId = t.sourceSeq;
        }
    }

    private static String fingerprint(StreamTable streams, InstrumentRegistry registry) {
        StringBuilder b = new StringBuilder();
        for (String symbol : List.of("AAA", "BBB")) {
            int id = registry.bySymbol("X", symbol).id();
            for (int channel = 1; channel <= 2; channel++) {
                var stream = streams.sequence(id, channel);
                b.append(symbol).append('/').append(channel).append(" hwm=").append(stream.highWaterMark())
                    .append(" last=").append(stream.lastArrivalNs()).append(" abandoned=").append(stream.gaps().abandoned())
                    .append(" gaps=");
                for (int g = 0; g < stream.gaps().size(); g++) {
                    b.append(stream.gaps().from(g)).append("..").append(stream.gaps().to(g)).append(',');
                }
                b.append('\n');
            }
            b.append(symbol).append(" window=").append(java.util.Arrays.toString(streams.window(id, 9).idsOldestFirst()))
                .append('\n');
        }
        return b.toString();
    }

    private record Rebuilt(JournalRecovery.Recovered recovered, String fingerprint) {
    }

    private Rebuilt rebuild(boolean useCheckpoint) {
        InstrumentRegistry registry = new InstrumentRegistry();
        StreamTable streams = new StreamTable(RULES, WINDOW);
        JournalRecovery.Recovered recovered = JournalRecovery.recover(journal, useCheckpoint ? checkpoint : null,
            registry, streams);
        return new Rebuilt(recovered, fingerprint(streams, registry));
    }

    @Test
    void checkpointPlusJournalTailRebuildsExactlyTheStateOfAFullReplay() {
        run(5_000, false, true);        // a clean stop: checkpoint written
        run(3_000, true, false);        // restarted from it, then "crashed": no checkpoint for these
        Rebuilt full = rebuild(false);
        Rebuilt fast = rebuild(true);
        assertThat(fast.recovered().fromCheckpoint()).isTrue();
        assertThat(fast.recovered().ticks()).isLessThan(full.recovered().ticks());
        assertThat(fast.recovered().totalTicks()).isEqualTo(full.recovered().ticks());
        assertThat(fast.fingerprint()).isEqualTo(full.fingerprint());
        assertThat(full.fingerprint()).contains("gaps=").contains("window=[");
    }

    @Test
    void corruptCheckpointIsIgnoredAndTheWholeJournalReplayed() throws IOException {
        run(2_000, false, true);
        byte[] bytes = Files.readAllBytes(checkpoint);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(checkpoint, bytes);
        Rebuilt rebuilt = rebuild(true);
        assertThat(rebuilt.recovered().fromCheckpoint()).isFalse();
        assertThat(rebuilt.fingerprint()).isEqualTo(rebuild(false).fingerprint());
    }

    @Test
    void checkpointOfAnotherJournalIsIgnored() throws IOException {
        run(2_000, false, true);
        Path foreign = Files.copy(checkpoint, dir.resolve("foreign.bin"));
        // a new journal in the same place: the checkpoint's excerpt is not there any more
        try (var paths = Files.walk(journal)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        run(500, false, false);
        Files.copy(foreign, checkpoint, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Rebuilt rebuilt = rebuild(true);
        assertThat(rebuilt.recovered().fromCheckpoint()).isFalse();
        assertThat(rebuilt.recovered().ticks()).isEqualTo(rebuild(false).recovered().ticks());
    }

    @Test
    void checkpointTakenUnderOtherSettingsIsIgnored() {
        run(1_000, false, true);
        StreamTable otherWindow = new StreamTable(RULES, WINDOW * 2);
        JournalRecovery.Recovered recovered = JournalRecovery.recover(journal, checkpoint, new InstrumentRegistry(),
            otherWindow);
        assertThat(recovered.fromCheckpoint()).isFalse();
        assertThat(recovered.ticks()).isPositive();
    }
}
