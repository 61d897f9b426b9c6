package dev.k2.persistence.journal;

import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import java.nio.file.Path;
import org.agrona.collections.IntHashSet;

/**
 * Rebuilds engine state from the journal before the engine starts, so that dedup and gap state
 * survive a restart: instrument ids are restored, and every journaled (accepted) tick is re-applied
 * to the {@link StreamTable} with its recorded receive time, which reproduces the high-water marks,
 * open gaps, resets and id windows exactly (the state is a function of the accepted ticks).
 */
public final class JournalRecovery {
    /**
     * @param definedInstruments ids the journal already defines (pass to the sink)
     * @param ticks              journaled ticks re-applied
     * @param corrupt            excerpts that could not be decoded (0 for a healthy journal)
     */
    public record Recovered(IntHashSet definedInstruments, long ticks, long corrupt) {
    }

    private JournalRecovery() {
    }

    public static Recovered recover(Path journalDir, InstrumentRegistry registry, StreamTable streams) {
        IntHashSet defined = new IntHashSet();
        if (!Queues.exists(journalDir)) {
            return new Recovered(defined, 0, 0);
        }
        long[] counts = new long[2];
        try (JournalReader reader = new JournalReader(journalDir, registry)) {
            reader.readAll(new JournalVisitor() {
                @Override
                public void onInstrument(long index, int record, Instrument instrument) {
                    defined.add(instrument.id());
                }

                @Override
                public void onTick(long index, int record, TickEvent tick) {
                    streams.replayAccepted(tick);
                    counts[0]++;
                }

                @Override
                public void onCorrupt(long index, String problem) {
                    counts[1]++;
                }
            });
        }
        return new Recovered(defined, counts[0], counts[1]);
    }
}
