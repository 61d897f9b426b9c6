package dev.k2.persistence.deadletter;

import dev.k2.engine.journal.RejectReason;

/** One dead-letter record as read back (tools and tests). */
public record DeadLetter(long index, RejectReason reason, int reasonCode, long rejectedAtNs, String source,
                         long position, String message, byte[] raw) {
}
