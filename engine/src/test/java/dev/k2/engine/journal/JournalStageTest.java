package dev.k2.engine.journal;

import static dev.k2.engine.support.Ticks.permanent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.support.RecordingJournalSink;
import dev.k2.engine.tick.TickEvent;
import org.junit.jupiter.api.Test;

class JournalStageTest {
    private final RecordingJournalSink sink = new RecordingJournalSink();
    private final EngineCounters counters = new EngineCounters();
    private final JournalStage stage = new JournalStage(sink, counters);

    private void send(long seq, SequenceClass cls, boolean endOfBatch) {
        TickEvent t = permanent(seq, 1);
        t.sequenceClass = cls;
        if (cls == SequenceClass.GAP) {
            t.gapFrom = seq - 2;
            t.gapTo = seq - 1;
        }
        stage.onEvent(t, seq, endOfBatch);
    }

    @Test
    void writesGapMarkerBeforeTheTickThatRevealedIt() {
        send(1, SequenceClass.IN_ORDER, false);
        send(4, SequenceClass.GAP, true);
        assertThat(sink.calls).containsExactly("tick 1 IN_ORDER", "gap 2..3", "tick 4 GAP", "flush");
        assertThat(counters.get(Counter.ACCEPTED)).isEqualTo(2);
        assertThat(counters.get(Counter.MARKERS)).isEqualTo(1);
    }

    @Test
    void coalescesConsecutiveDuplicatesIntoOneMarkerPerRunAndFlushesPerBatch() {
        send(1, SequenceClass.DUPLICATE, false);
        send(2, SequenceClass.DUPLICATE, false);
        send(3, SequenceClass.DUPLICATE, true);
        send(4, SequenceClass.DUPLICATE, false);
        send(5, SequenceClass.IN_ORDER, true);
        assertThat(sink.calls).containsExactly(
            "duplicates 1..3 x3", "flush",
            "tick 5 IN_ORDER", "duplicates 4..4 x1", "flush");
        assertThat(counters.get(Counter.ACCEPTED)).isEqualTo(1);
        assertThat(counters.get(Counter.JOURNAL_FLUSHES)).isEqualTo(2);
    }

    @Test
    void acceptedHashChangesOnlyWithAcceptedTicksAndIsPublishedAtFlush() {
        long empty = stage.acceptedHash();
        send(1, SequenceClass.DUPLICATE, true);
        assertThat(stage.acceptedHash()).isEqualTo(empty);
        send(2, SequenceClass.IN_ORDER, false);
        assertThat(stage.acceptedHash()).isEqualTo(empty);
        send(3, SequenceClass.IN_ORDER, true);
        assertThat(stage.acceptedHash()).isNotEqualTo(empty);
    }
}
