package dev.k2.engine.sequence;

import com.lmax.disruptor.EventHandler;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.tick.TickEvent;

/**
 * Stage 2: accounts for each tick's sequence class (in order, gap with its size, duplicate,
 * out-of-order, reset, unsequenced) in counters any thread can read while the engine runs, and
 * checks the verdict is complete: a slot that reaches this stage unclassified is a wiring bug and
 * halts the engine rather than being journaled unchecked.
 */
public final class SequenceChecker implements EventHandler<TickEvent> {
    private final EngineCounters counters;

    public SequenceChecker(EngineCounters counters) {
        this.counters = counters;
    }

    @Override
    public void onEvent(TickEvent event, long sequence, boolean endOfBatch) {
        SequenceClass cls = event.sequenceClass;
        if (cls == null) {
            throw new IllegalStateException("tick reached the sequence check without a dedup verdict: " + event);
        }
        switch (cls) {
            case IN_ORDER -> counters.increment(Counter.IN_ORDER);
            case GAP -> {
                counters.increment(Counter.GAPS);
                counters.add(Counter.GAP_MISSING, event.gapTo - event.gapFrom + 1);
            }
            case DUPLICATE -> counters.increment(Counter.DUPLICATES);
            case OUT_OF_ORDER -> counters.increment(Counter.OUT_OF_ORDER);
            case RESET -> counters.increment(Counter.RESETS);
            case UNSEQUENCED -> counters.increment(Counter.UNSEQUENCED);
            default -> throw new IllegalStateException("unknown sequence class " + cls);
        }
    }
}
