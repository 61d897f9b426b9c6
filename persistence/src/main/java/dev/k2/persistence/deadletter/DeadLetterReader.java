package dev.k2.persistence.deadletter;

import dev.k2.engine.journal.RejectReason;
import dev.k2.persistence.journal.Queues;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** Reads the dead-letter journal ({@link DeadLetterJournal} layout). */
public final class DeadLetterReader {
    private DeadLetterReader() {
    }

    /** @return records read; 0 when there is no dead-letter journal. */
    public static long readAll(Path dir, Consumer<DeadLetter> consumer) {
        if (!Queues.exists(dir)) {
            return 0;
        }
        long count = 0;
        try (SingleChronicleQueue queue = Queues.openForRead(dir); ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    Bytes<?> in = dc.wire().bytes();
                    int version = in.readShort();
                    if (version != DeadLetterJournal.VERSION) {
                        throw new IllegalStateException("dead-letter excerpt " + Long.toHexString(dc.index())
                            + " has unknown version " + version);
                    }
                    int code = in.readShort();
                    long at = in.readLong();
                    long position = in.readLong();
                    String source = readText(in);
                    String message = readText(in);
                    byte[] raw = new byte[in.readInt()];
                    in.read(raw);
                    consumer.accept(new DeadLetter(dc.index(), RejectReason.ofCode(code), code, at, source, position,
                        message, raw));
                    count++;
                }
            }
        }
        return count;
    }

    private static String readText(Bytes<?> in) {
        byte[] text = new byte[in.readUnsignedShort()];
        in.read(text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
