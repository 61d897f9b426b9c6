package dev.k2.engine.ring;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.ProducerType;
import dev.k2.config.K2Config;
import dev.k2.config.K2Settings;
import dev.k2.engine.sequence.SequenceRules;

/** The ring's settings, taken from the validated {@link K2Config}. */
public record EngineSettings(int ringSize, ThreadingMode threading, String waitStrategy, ProducerType producer,
                             int dedupWindow, SequenceRules sequenceRules) {

    public static EngineSettings from(K2Config config) {
        return new EngineSettings(config.get(K2Settings.RING_SIZE), ThreadingMode.parse(config.get(K2Settings.THREADING)),
            config.get(K2Settings.WAIT_STRATEGY),
            config.get(K2Settings.PRODUCER).equals("single") ? ProducerType.SINGLE : ProducerType.MULTI,
            config.get(K2Settings.DEDUP_WINDOW), SequenceRules.from(config));
    }

    public static EngineSettings defaults() {
        return from(K2Config.defaults());
    }

    public EngineSettings withThreading(ThreadingMode mode) {
        return new EngineSettings(ringSize, mode, waitStrategy, producer, dedupWindow, sequenceRules);
    }

    public EngineSettings withWaitStrategy(String strategy) {
        return new EngineSettings(ringSize, threading, strategy, producer, dedupWindow, sequenceRules);
    }

    /** A fresh wait strategy (they hold state, so one per ring). */
    WaitStrategy newWaitStrategy() {
        return switch (waitStrategy) {
            case "blocking" -> new BlockingWaitStrategy();
            case "lite-blocking" -> new LiteBlockingWaitStrategy();
            case "sleeping" -> new SleepingWaitStrategy();
            case "yielding" -> new YieldingWaitStrategy();
            case "busy-spin" -> new BusySpinWaitStrategy();
            default -> throw new IllegalArgumentException("unknown wait strategy " + waitStrategy);
        };
    }
}
