package dev.k2.engine.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.stats.Counter;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.support.RecordingJournalSink;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class TickPipelineTest {

    private static void publish(TickIngress ingress, long seq) {
        long claimed = ingress.claim();
        TickEvent t = ingress.slot(claimed);
        t.kind = TickKind.TRADE;
        t.instrumentId = 1;
        t.channel = 1;
        t.sequencePolicy = SequencePolicy.PERMANENT;
        t.sourceSeq = seq;
        t.receiveTimeNs = seq;
        ingress.publish(claimed);
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void everyPublishedTickIsClassifiedAndJournaledInOrderInEitherThreadingMode(ThreadingMode mode) {
        EngineSettings settings = EngineSettings.defaults().withThreading(mode);
        RecordingJournalSink sink = new RecordingJournalSink();
        EngineCounters counters = new EngineCounters();
        TickPipeline pipeline = new TickPipeline(settings, sink, new StreamTable(settings.sequenceRules(), 64), counters);
        // ring of 65536; publish more than one lap
        long published = 0;
        for (long seq = 1; seq <= 100_000; seq++) {
            if (seq % 1000 == 0) {
                continue; // 100 single-number gaps
            }
            publish(pipeline.ingress(), seq);
            published++;
            if (seq % 5000 == 2) {
                publish(pipeline.ingress(), seq - 1); // a duplicate
                published++;
            }
        }
        pipeline.close();

        assertThat(counters.get(Counter.TICKS_IN)).isEqualTo(published);
        assertThat(counters.get(Counter.DUPLICATES)).isEqualTo(20);
        assertThat(counters.get(Counter.GAPS)).isEqualTo(99); // the gap at 100000 is never revealed
        assertThat(counters.get(Counter.ACCEPTED)).isEqualTo(published - 20);
        assertThat(sink.ticks).hasSize((int) (published - 20));
        for (int i = 1; i < sink.ticks.size(); i++) {
            assertThat(sink.ticks.get(i).sourceSeq).isGreaterThan(sink.ticks.get(i - 1).sourceSeq);
        }
        String journalThread = mode == ThreadingMode.FUSED ? "k2-engine" : "k2-journal";
        assertThat(sink.openedOn).isEqualTo(journalThread);
        assertThat(sink.closedOn).isEqualTo(journalThread);
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void journalFailureHaltsIntakeAndIsReportedNotSwallowed(ThreadingMode mode) {
        EngineSettings settings = EngineSettings.defaults().withThreading(mode);
        RecordingJournalSink failing = new RecordingJournalSink(10);
        TickPipeline pipeline = new TickPipeline(settings, failing, new StreamTable(settings.sequenceRules(), 64),
            new EngineCounters());
        assertThatThrownBy(() -> {
            for (long seq = 1; seq <= 1_000_000; seq++) {
                publish(pipeline.ingress(), seq);
            }
            pipeline.close();
        }).isInstanceOf(EngineFailedException.class).hasMessageContaining("disk full");
        assertThat(failing.ticks).hasSize(10);
        assertThat(pipeline.failure()).hasMessageContaining("disk full");
    }

    @org.junit.jupiter.api.Test
    void closeReportsASlotClaimedButNeverPublishedInsteadOfHanging() {
        EngineSettings settings = EngineSettings.defaults();
        RecordingJournalSink sink = new RecordingJournalSink();
        TickPipeline pipeline = new TickPipeline(settings, sink, new StreamTable(settings.sequenceRules(), 64),
            new EngineCounters(), 200_000_000L);
        publish(pipeline.ingress(), 1);
        pipeline.ingress().claim(); // a producer that dies between claim and publish
        assertThatThrownBy(pipeline::close).isInstanceOf(EngineFailedException.class)
            .hasMessageContaining("claimed but never published");
        assertThat(sink.ticks).hasSize(1);
    }
}
