package dev.k2.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random access by time: a binary search over excerpts lands at or just before the wanted time. */
class JournalTimeSeekTest {
    private static final int TICKS = 10_000;

    @TempDir
    Path dir;

    @BeforeEach
    void journalOfTicksOneMicrosecondApart() {
        InstrumentRegistry registry = new InstrumentRegistry();
        int id = registry.intern("TEST", "AAA", AssetClass.EQUITY).id();
        ChronicleJournalSink sink = new ChronicleJournalSink(dir, "FAST_HOURLY", 37, registry, new IntHashSet());
        sink.open();
        TickEvent tick = new TickEvent().clear();
        tick.instrumentId = id;
        tick.sequencePolicy = SequencePolicy.PERMANENT;
        tick.sequenceClass = SequenceClass.IN_ORDER;
        for (int i = 1; i <= TICKS; i++) {
            tick.sourceSeq = i;
            tick.receiveTimeNs = i * 1_000L;
            sink.appendTick(tick);
        }
        sink.close();
    }

    private List<Long> sequencesFrom(long journalTimeNs, boolean[] found) {
        List<Long> seqs = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir, new InstrumentRegistry())) {
            found[0] = reader.seekToJournalTime(journalTimeNs);
            reader.readAll(new JournalVisitor() {
                @Override
                public void onTick(long index, int record, TickEvent tick) {
                    seqs.add(tick.sourceSeq);
                }
            });
        }
        return seqs;
    }

    @Test
    void landsAtOrJustBeforeTheTimeAndMissesNothingAfterIt() {
        boolean[] found = new boolean[1];
        List<Long> seqs = sequencesFrom(5_000_500L, found);
        assertThat(found[0]).isTrue();
        assertThat(seqs).contains(5_001L).endsWith((long) TICKS);
        assertThat(seqs.get(0)).isLessThanOrEqualTo(5_001L).isGreaterThan(5_001L - 2 * 37);
    }

    @Test
    void readerThatSeeksPastTheInlineDefinitionsStillNamesEveryInstrument() {
        InstrumentRegistry registry = new InstrumentRegistry();
        try (JournalReader reader = new JournalReader(dir, registry)) {
            assertThat(reader.seekToJournalTime(9_000_000L)).isTrue();
            assertThat(registry.bySymbol("TEST", "AAA")).isNotNull();
            assertThat(registry.bySymbol("TEST", "AAA").id()).isEqualTo(1);
        }
    }

    @Test
    void timeBeforeTheJournalStartsAtTheBeginningAndAfterItFindsNothing() {
        boolean[] found = new boolean[1];
        assertThat(sequencesFrom(0, found).get(0)).isEqualTo(1L);
        assertThat(sequencesFrom(TICKS * 1_000L + 1, found)).isEmpty();
        assertThat(found[0]).isFalse();
    }
}
