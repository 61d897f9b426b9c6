package dev.k2.persistence.journal;

import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import dev.k2.persistence.state.StateCheckpoint;
import java.nio.file.Path;
import org.agrona.collections.IntHashSet;

/**
 * Rebuilds engine state before the engine starts, so that dedup and gap state survive a restart.
 *
 * <p>From a {@link StateCheckpoint} when there is a valid one for this journal (same excerpt at its
 * index, same settings), then the journal after it; otherwise from the whole journal. Either way,
 * every journaled (accepted) tick after the starting point is re-applied to the {@link StreamTable}
 * with its recorded receive time, which reproduces high-water marks, open gaps, resets and id
 * windows exactly: the state is a function of the accepted ticks.
 */
public final class JournalRecovery {
    /**
     * @param definedInstruments ids the journal already defines (pass to the sink)
     * @param ticks              journaled ticks re-applied (after the checkpoint, if one was used)
     * @param corrupt            excerpts that could not be decoded (0 for a healthy journal)
     * @param lastIndex          index of the journal's last excerpt, or -1 when it is empty
     * @param checkpointTicks    ticks the checkpoint covered (0 when none was used)
     * @param fromCheckpoint     whether a checkpoint was used
     */
    public record Recovered(IntHashSet definedInstruments, long ticks, long corrupt, long lastIndex,
                            long checkpointTicks, boolean fromCheckpoint) {
        /** All journal ticks the rebuilt state reflects. */
        public long totalTicks() {
            return checkpointTicks + ticks;
        }
    }

    private JournalRecovery() {
    }

    /** From the whole journal. */
    public static Recovered recover(Path journalDir, InstrumentRegistry registry, StreamTable streams) {
        return recover(journalDir, null, registry, streams);
    }

    /**
     * @param checkpoint a checkpoint file, or null to rebuild from the whole journal. The registry and
     *                   stream table must be fresh.
     */
    public static Recovered recover(Path journalDir, Path checkpoint, InstrumentRegistry registry,
                                    StreamTable streams) {
        IntHashSet defined = new IntHashSet();
        if (!Queues.exists(journalDir)) {
            return new Recovered(defined, 0, 0, -1, 0, false);
        }
        long[] counts = new long[2];
        try (JournalReader reader = new JournalReader(journalDir, registry)) {
            StateCheckpoint.Position position = null;
            if (checkpoint != null) {
                InstrumentRegistry checkpointRegistry = new InstrumentRegistry();
                StreamTable checkpointStreams = new StreamTable(streams.rules(), streams.windowSize());
                StateCheckpoint.Position candidate = StateCheckpoint.read(checkpoint, checkpointRegistry, checkpointStreams);
                if (candidate != null && reader.checksumAt(candidate.journalIndex()) == candidate.excerptCrc()) {
                    position = StateCheckpoint.read(checkpoint, registry, streams);
                    reader.checksumAt(candidate.journalIndex()); // positions the reader after the checkpoint's excerpt
                    for (Instrument instrument : registry.all()) {
                        defined.add(instrument.id());
                    }
                } else {
                    reader.rewind();
                }
            }
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
            return new Recovered(defined, counts[0], counts[1], reader.lastIndexRead(),
                position == null ? 0 : position.ticks(), position != null);
        }
    }

    /**
     * Saves the state as of the journal excerpt {@code lastIndex} (which it reflects, with
     * {@code ticks} journal ticks in all), for {@link #recover} to start from next time.
     * Call only when nothing is being appended to the journal.
     *
     * @return false when the journal has no such excerpt (nothing written)
     */
    public static boolean checkpoint(Path journalDir, Path file, long lastIndex, long ticks, InstrumentRegistry registry,
                                     StreamTable streams) {
        if (lastIndex < 0) {
            return false;
        }
        long crc;
        try (JournalReader reader = new JournalReader(journalDir, new InstrumentRegistry())) {
            crc = reader.checksumAt(lastIndex);
        }
        if (crc < 0) {
            return false;
        }
        StateCheckpoint.write(file, new StateCheckpoint.Position(lastIndex, crc, ticks), registry, streams);
        return true;
    }
}
