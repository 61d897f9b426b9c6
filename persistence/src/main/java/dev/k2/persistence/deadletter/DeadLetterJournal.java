package dev.k2.persistence.deadletter;

import dev.k2.engine.journal.DeadLetterSink;
import dev.k2.engine.journal.RejectReason;
import dev.k2.engine.time.EpochClock;
import dev.k2.persistence.journal.Queues;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The dead-letter journal: a Chronicle Queue of rejected input, one excerpt per rejection. Not on the
 * tick path (rejections are rare), so clarity wins over allocation here.
 *
 * <pre>
 *  +0  u16 version (1)      +2 u16 reason code (RejectReason)
 *  +4  i64 rejectedAtNs (UTC)
 *  +12 i64 position (line number for files, frame number for connections)
 *  +20 u16 sourceLength, source UTF-8     then u16 messageLength, message UTF-8
 *  then i32 rawLength, raw bytes exactly as received
 * </pre>
 *
 * <p>The queue and its appender are created lazily on the first rejection, on the calling (feed)
 * thread, which owns this object; a clean run leaves no dead-letter files behind.
 */
public final class DeadLetterJournal implements DeadLetterSink {
    static final int VERSION = 1;

    private final Path dir;
    private final String rollCycle;
    private final EpochClock clock;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private long written;

    public DeadLetterJournal(Path dir, String rollCycle, EpochClock clock) {
        this.dir = dir;
        this.rollCycle = rollCycle;
        this.clock = clock;
    }

    @Override
    public void reject(byte[] raw, int rawOffset, int rawLength, String source, long position, RejectReason reason,
                       String message) {
        if (appender == null) {
            queue = Queues.openForWrite(dir, rollCycle);
            appender = queue.createAppender();
        }
        byte[] sourceBytes = truncate(source.getBytes(StandardCharsets.UTF_8));
        byte[] messageBytes = truncate(message.getBytes(StandardCharsets.UTF_8));
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            out.writeShort((short) VERSION);
            out.writeShort((short) reason.code());
            out.writeLong(clock.epochNanos());
            out.writeLong(position);
            out.writeShort((short) sourceBytes.length);
            out.write(sourceBytes);
            out.writeShort((short) messageBytes.length);
            out.write(messageBytes);
            out.writeInt(rawLength);
            out.write(raw, rawOffset, rawLength);
        }
        written++;
    }

    private static byte[] truncate(byte[] text) {
        return text.length <= 65_535 ? text : java.util.Arrays.copyOf(text, 65_535);
    }

    public long written() {
        return written;
    }

    /** Closes on the owning thread, or on any thread once the owner has stopped using it. Idempotent. */
    @Override
    public synchronized void close() {
        if (appender != null) {
            appender.singleThreadedCheckReset(); // the owner may have ended; closing is a hand-over
            appender.close();
            queue.close();
            appender = null;
        }
    }
}
