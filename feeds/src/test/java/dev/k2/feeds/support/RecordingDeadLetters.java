package dev.k2.feeds.support;

import dev.k2.engine.journal.DeadLetterSink;
import dev.k2.engine.journal.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link DeadLetterSink} that keeps every rejection, raw bytes copied. */
public final class RecordingDeadLetters implements DeadLetterSink {
    public record Rejection(String raw, String source, long position, RejectReason reason, String message) {
    }

    private final List<Rejection> rejections = new ArrayList<>();

    @Override
    public void reject(byte[] raw, int rawOffset, int rawLength, String source, long position, RejectReason reason,
                       String message) {
        rejections.add(new Rejection(new String(raw, rawOffset, rawLength, StandardCharsets.ISO_8859_1), source, position,
            reason, message));
    }

    @Override
    public void close() {
    }

    public List<Rejection> rejections() {
        return rejections;
    }
}
