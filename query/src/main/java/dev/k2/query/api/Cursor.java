package dev.k2.query.api;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Where a paged result continues: the view it was read from (trades or quotes snapshot id, or
 * {@code -1} for none, and the journal end index) and the sort key of the last row delivered. The
 * next page reads the same view after that key, so pages never overlap or skip, however much data
 * arrives in between. Opaque to clients: {@link #encode()} / {@link #decode(String)}.
 */
public record Cursor(long snapshotId, long journalEnd, long afterTimeMicros, long afterJournalIndex,
                     int afterJournalRecord) {
    private static final int VERSION = 1;
    private static final int LENGTH = 1 + 8 * 4 + 4;

    public byte[] toBytes() {
        return ByteBuffer.allocate(LENGTH).put((byte) VERSION).putLong(snapshotId).putLong(journalEnd)
            .putLong(afterTimeMicros).putLong(afterJournalIndex).putInt(afterJournalRecord).array();
    }

    public static Cursor fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH || bytes[0] != VERSION) {
            throw new QueryException(ErrorCode.BAD_REQUEST,
                "invalid cursor: pass back the cursor string of the previous page unchanged");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        return new Cursor(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getInt());
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(toBytes());
    }

    public static Cursor decode(String text) {
        try {
            return fromBytes(Base64.getUrlDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new QueryException(ErrorCode.BAD_REQUEST,
                "invalid cursor: pass back the cursor string of the previous page unchanged");
        }
    }
}
