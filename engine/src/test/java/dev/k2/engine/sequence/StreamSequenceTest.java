package dev.k2.engine.sequence;

import static dev.k2.engine.support.Ticks.permanent;
import static dev.k2.engine.support.Ticks.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.tick.TickEvent;
import org.junit.jupiter.api.Test;

class StreamSequenceTest {
    private static final long SECOND = 1_000_000_000L;
    private final SequenceRules rules = new SequenceRules(8, 1_000, 30 * SECOND);
    private final StreamSequence stream = new StreamSequence(rules);
    private long clockNs = 1_000 * SECOND;

    private SequenceClass feed(TickEvent t) {
        return stream.classify(t);
    }

    private TickEvent p(long seq) {
        clockNs += 1_000;
        return permanent(seq, clockNs);
    }

    @Test
    void firstTickAndItsSuccessorAreInOrder() {
        assertThat(feed(p(41))).isEqualTo(SequenceClass.IN_ORDER);
        assertThat(feed(p(42))).isEqualTo(SequenceClass.IN_ORDER);
        assertThat(stream.highWaterMark()).isEqualTo(42);
    }

    @Test
    void flagsGapWithItsMissingRangeWhenSequenceSkips() {
        feed(p(1));
        TickEvent ahead = p(5);
        assertThat(feed(ahead)).isEqualTo(SequenceClass.GAP);
        assertThat(ahead.gapFrom).isEqualTo(2);
        assertThat(ahead.gapTo).isEqualTo(4);
        assertThat(stream.gaps().size()).isEqualTo(1);
        assertThat(stream.gaps().missing()).isEqualTo(3);
    }

    @Test
    void lateTickInsideOpenGapIsOutOfOrderAndShrinksTheGap() {
        feed(p(1));
        feed(p(10)); // gap 2..9
        assertThat(feed(p(2))).isEqualTo(SequenceClass.OUT_OF_ORDER);   // shrink from the bottom
        assertThat(feed(p(9))).isEqualTo(SequenceClass.OUT_OF_ORDER);   // shrink from the top
        assertThat(feed(p(5))).isEqualTo(SequenceClass.OUT_OF_ORDER);   // split 3..8 into 3..4 and 6..8
        assertThat(stream.gaps().size()).isEqualTo(2);
        assertThat(stream.gaps().from(0)).isEqualTo(3);
        assertThat(stream.gaps().to(0)).isEqualTo(4);
        assertThat(stream.gaps().from(1)).isEqualTo(6);
        assertThat(stream.gaps().to(1)).isEqualTo(8);
        assertThat(stream.gaps().missing()).isEqualTo(5);
    }

    @Test
    void numberAlreadySeenIsDuplicateEvenInsideTheMarkWhenNotInAGap() {
        feed(p(1));
        feed(p(2));
        feed(p(4)); // gap 3..3
        assertThat(feed(p(2))).isEqualTo(SequenceClass.DUPLICATE);
        assertThat(feed(p(4))).isEqualTo(SequenceClass.DUPLICATE);
        assertThat(feed(p(3))).isEqualTo(SequenceClass.OUT_OF_ORDER);
        assertThat(feed(p(3))).isEqualTo(SequenceClass.DUPLICATE); // the fill closed the gap
        assertThat(stream.gaps().size()).isZero();
    }

    @Test
    void largeDropAfterLongPauseOnSessionStreamIsResetEvenWhenItFallsInAGap() {
        stream.classify(session(1, clockNs));
        stream.classify(session(5_000, clockNs + 1)); // gap 2..4999
        TickEvent restart = session(3, clockNs + 1 + 31 * SECOND);
        assertThat(stream.classify(restart)).isEqualTo(SequenceClass.RESET); // tested before out-of-order
        assertThat(restart.gapFrom).isEqualTo(5_000);
        assertThat(stream.highWaterMark()).isEqualTo(3);
        assertThat(stream.gaps().size()).isZero();
        assertThat(stream.classify(session(4, clockNs + 2 + 31 * SECOND))).isEqualTo(SequenceClass.IN_ORDER);
    }

    @Test
    void dropWithoutLongPauseOrTooSmallIsNotReset() {
        stream.classify(session(1, clockNs));
        stream.classify(session(5_000, clockNs + 1));
        assertThat(stream.classify(session(3, clockNs + 2 * SECOND))).isEqualTo(SequenceClass.OUT_OF_ORDER);
        assertThat(stream.classify(session(4_500, clockNs + 100 * SECOND))).isEqualTo(SequenceClass.OUT_OF_ORDER);
        // a long pause but a drop below resetMinDrop: an ordinary late fill, or a duplicate
        assertThat(stream.classify(session(4_600, clockNs + 200 * SECOND))).isEqualTo(SequenceClass.OUT_OF_ORDER);
        assertThat(stream.classify(session(4_500, clockNs + 300 * SECOND))).isEqualTo(SequenceClass.DUPLICATE);
    }

    @Test
    void permanentStreamNeverResetsSoReingestingLaterIsAllDuplicates() {
        for (long seq = 0; seq < 2_000; seq++) {
            feed(p(seq));
        }
        clockNs += 86_400 * SECOND; // a day later
        for (long seq = 0; seq < 2_000; seq++) {
            assertThat(feed(p(seq))).isEqualTo(SequenceClass.DUPLICATE);
        }
    }

    @Test
    void duplicateDoesNotCountAsActivityForResetPause() {
        stream.classify(session(1, clockNs));
        stream.classify(session(5_000, clockNs + 1));
        stream.classify(session(4_000, clockNs + 20 * SECOND)); // in gap: late fill, activity
        stream.classify(session(5_000, clockNs + 40 * SECOND)); // duplicate: not activity
        assertThat(stream.classify(session(10, clockNs + 51 * SECOND))).isEqualTo(SequenceClass.RESET);
    }
}
