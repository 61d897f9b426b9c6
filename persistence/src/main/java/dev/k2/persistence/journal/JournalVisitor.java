package dev.k2.persistence.journal;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.tick.TickEvent;

/**
 * Receives journal records in journal order from {@link JournalReader}. The tick slot is reused:
 * copy what must outlive the call. {@code index} is the Chronicle index of the excerpt, {@code record}
 * the record's ordinal within it: together they address any record.
 */
public interface JournalVisitor {
    default void onInstrument(long index, int record, Instrument instrument) {
    }

    default void onTick(long index, int record, TickEvent tick) {
    }

    default void onGap(long index, int record, int instrumentId, int channel, long from, long to, long atNs) {
    }

    default void onReset(long index, int record, int instrumentId, int channel, long oldHighWaterMark, long newSeq,
                         long atNs) {
    }

    default void onDuplicates(long index, int record, int instrumentId, int channel, long first, long last,
                              long count, long atNs) {
    }

    /** A record or excerpt that cannot be decoded; reading goes on with the next excerpt. */
    default void onCorrupt(long index, String problem) {
    }

    /** Checked after each excerpt; return true to stop reading. */
    default boolean done() {
        return false;
    }
}
