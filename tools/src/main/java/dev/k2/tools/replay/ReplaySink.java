package dev.k2.tools.replay;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.tick.TickEvent;

/** Where replayed ticks go. Called on the replaying thread, in journal order. */
public interface ReplaySink extends AutoCloseable {
    void onTick(Instrument instrument, TickEvent tick);

    @Override
    void close();

    /** {@code null}, {@code stdout} or {@code csv:FILE}. */
    static ReplaySink parse(String spec) {
        if (spec.equals("null")) {
            return new NullSink();
        }
        if (spec.equals("stdout")) {
            return CsvSink.toStdout();
        }
        if (spec.startsWith("csv:") && spec.length() > 4) {
            return CsvSink.toFile(java.nio.file.Path.of(spec.substring(4)));
        }
        throw new IllegalArgumentException("--sink '" + spec + "': must be null, stdout or csv:FILE");
    }

    /** Discards ticks: measures the journal read path alone. */
    final class NullSink implements ReplaySink {
        @Override
        public void onTick(Instrument instrument, TickEvent tick) {
            // the replayer's hash and counts are the output
        }

        @Override
        public void close() {
        }
    }
}
