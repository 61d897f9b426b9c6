package dev.k2.engine.dedup;

import static dev.k2.engine.support.Ticks.permanent;
import static dev.k2.engine.support.Ticks.unsequenced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.sequence.SequenceRules;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.support.Ticks;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    private final SequenceRules rules = new SequenceRules(16, 1_000, 30_000_000_000L);
    private final EngineCounters counters = new EngineCounters();
    private long nowNs = 1_000_000_000_000L;

    private SequenceClass run(Deduplicator dedup, TickEvent t) {
        dedup.onEvent(t, 0, true);
        return t.sequenceClass;
    }

    @Test
    void sequencedDuplicateIsDecidedByHighWaterMarkAndGapsNotByTime() {
        Deduplicator dedup = new Deduplicator(new StreamTable(rules, 64), counters);
        assertThat(run(dedup, permanent(1, nowNs++))).isEqualTo(SequenceClass.IN_ORDER);
        assertThat(run(dedup, permanent(3, nowNs++))).isEqualTo(SequenceClass.GAP);
        assertThat(run(dedup, permanent(1, nowNs + 1_000_000_000_000L))).isEqualTo(SequenceClass.DUPLICATE);
        assertThat(run(dedup, permanent(2, nowNs++))).isEqualTo(SequenceClass.OUT_OF_ORDER);
        assertThat(run(dedup, permanent(2, nowNs++))).isEqualTo(SequenceClass.DUPLICATE);
        assertThat(counters.get(Counter.TICKS_IN)).isEqualTo(5);
    }

    @Test
    void streamsAreKeyedByInstrumentAndChannel() {
        Deduplicator dedup = new Deduplicator(new StreamTable(rules, 64), counters);
        assertThat(run(dedup, Ticks.sequenced(1, 20140310, 0, nowNs, SequencePolicy.PERMANENT))).isEqualTo(SequenceClass.IN_ORDER);
        assertThat(run(dedup, Ticks.sequenced(1, 20140311, 0, nowNs, SequencePolicy.PERMANENT))).isEqualTo(SequenceClass.IN_ORDER);
        assertThat(run(dedup, Ticks.sequenced(2, 20140310, 0, nowNs, SequencePolicy.PERMANENT))).isEqualTo(SequenceClass.IN_ORDER);
        assertThat(run(dedup, Ticks.sequenced(1, 20140310, 0, nowNs, SequencePolicy.PERMANENT))).isEqualTo(SequenceClass.DUPLICATE);
    }

    @Test
    void unsequencedStreamDedupsByNativeIdWithinABoundedWindow() {
        Deduplicator dedup = new Deduplicator(new StreamTable(rules, 16), counters);
        assertThat(run(dedup, unsequenced(1_000, nowNs))).isEqualTo(SequenceClass.UNSEQUENCED);
        assertThat(run(dedup, unsequenced(1_000, nowNs))).isEqualTo(SequenceClass.DUPLICATE);
        for (long id = 2_000; id < 2_016; id++) {
            assertThat(run(dedup, unsequenced(id, nowNs))).isEqualTo(SequenceClass.UNSEQUENCED);
        }
        // 16 newer ids pushed 1000 out of the window: bounded, so it is no longer remembered
        assertThat(run(dedup, unsequenced(1_000, nowNs))).isEqualTo(SequenceClass.UNSEQUENCED);
        assertThat(run(dedup, unsequenced(2_015, nowNs))).isEqualTo(SequenceClass.DUPLICATE);
    }

    @Test
    void tickWithoutAnyIdOnUnsequencedStreamIsAccepted() {
        Deduplicator dedup = new Deduplicator(new StreamTable(rules, 16), counters);
        assertThat(run(dedup, unsequenced(-1, nowNs))).isEqualTo(SequenceClass.UNSEQUENCED);
        assertThat(run(dedup, unsequenced(-1, nowNs))).isEqualTo(SequenceClass.UNSEQUENCED);
    }

    @Test
    void stateRebuiltFromAcceptedTicksDecidesExactlyAsBeforeTheRestart() {
        StreamTable before = new StreamTable(rules, 64);
        Deduplicator dedup = new Deduplicator(before, counters);
        List<TickEvent> journal = new ArrayList<>();
        long[] arrivals = {1, 2, 5, 9, 3, 12, 7};
        for (long seq : arrivals) {
            TickEvent t = permanent(seq, nowNs++);
            if (run(dedup, t).accepted()) {
                journal.add(t);
            }
        }
        TickEvent id = unsequenced(77, nowNs++);
        run(dedup, id);
        journal.add(id);

        StreamTable after = new StreamTable(rules, 64);
        journal.forEach(after::replayAccepted); // what JournalRecovery does with the journal
        Deduplicator restarted = new Deduplicator(after, new EngineCounters());
        for (long seq = 0; seq <= 13; seq++) {
            TickEvent a = permanent(seq, nowNs);
            TickEvent b = permanent(seq, nowNs);
            assertThat(run(restarted, b)).as("seq " + seq).isEqualTo(run(dedup, a));
        }
        assertThat(run(restarted, unsequenced(77, nowNs))).isEqualTo(SequenceClass.DUPLICATE);
    }
}
