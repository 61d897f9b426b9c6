package dev.k2.engine.ring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.support.RecordingJournalSink;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** With the default (and the other blocking) wait strategy an idle engine is idle: its threads wait, none spins. */
@Timeout(30)
class IdleEngineTest {
    @ParameterizedTest
    @CsvSource({"FUSED, lite-blocking", "PER_STAGE, lite-blocking", "FUSED, blocking", "PER_STAGE, blocking"})
    void blockingWaitStrategiesParkEveryStageThreadWhenThereIsNoWork(ThreadingMode mode, String waitStrategy) {
        EngineSettings settings = EngineSettings.defaults().withThreading(mode).withWaitStrategy(waitStrategy);
        assertThat(EngineSettings.defaults().waitStrategy()).isEqualTo("lite-blocking");
        TickPipeline pipeline = new TickPipeline(settings, new RecordingJournalSink(),
            new StreamTable(settings.sequenceRules(), 16), new EngineCounters());
        try {
            List<String> names = mode == ThreadingMode.FUSED ? List.of("k2-engine")
                : List.of("k2-dedup", "k2-sequence", "k2-journal");
            for (String name : names) {
                Thread thread = awaitThread(name);
                Thread.State state = thread.getState();
                for (int polls = 0; polls < 2_000 && state != Thread.State.WAITING; polls++) {
                    LockSupport.parkNanos(1_000_000L);
                    state = thread.getState();
                }
                assertThat(state).as(name).isEqualTo(Thread.State.WAITING);
            }
            // and it wakes for work: a tick published now is journaled
            long claimed = pipeline.ingress().claim();
            pipeline.ingress().slot(claimed).sequencePolicy = dev.k2.engine.tick.SequencePolicy.PERMANENT;
            pipeline.ingress().publish(claimed);
            for (int polls = 0; polls < 5_000 && pipeline.counters().get(dev.k2.engine.stats.Counter.ACCEPTED) == 0; polls++) {
                LockSupport.parkNanos(1_000_000L);
            }
            assertThat(pipeline.counters().get(dev.k2.engine.stats.Counter.ACCEPTED)).isEqualTo(1);
        } finally {
            pipeline.close();
        }
    }

    private static Thread awaitThread(String name) {
        for (int polls = 0; polls < 2_000; polls++) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals(name) && thread.isAlive()) {
                    return thread;
                }
            }
            LockSupport.parkNanos(1_000_000L);
        }
        throw new AssertionError("no live thread named " + name);
    }
}
