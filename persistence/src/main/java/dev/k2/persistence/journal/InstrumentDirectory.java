package dev.k2.persistence.journal;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.AssetClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code instruments.tsv} beside the journal's queue files: every instrument id the journal has
 * used, one line {@code id<TAB>assetClassCode<TAB>venue<TAB>symbol} each, appended when the journal
 * first defines an id. The journal also carries each definition inline (it stays self-describing);
 * this file lets a reader that seeks into the middle of the journal name instruments without reading
 * from the start, and keeps ids from ever being reused for another instrument.
 */
public final class InstrumentDirectory implements AutoCloseable {
    public static final String FILE_NAME = "instruments.tsv";

    private final FileChannel channel;

    private InstrumentDirectory(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens for appending; called on the journal's owning thread. */
    static InstrumentDirectory openForAppend(Path journalDir) {
        try {
            Files.createDirectories(journalDir);
            return new InstrumentDirectory(FileChannel.open(journalDir.resolve(FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + journalDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    void append(Instrument instrument) {
        String line = instrument.id() + "\t" + instrument.assetClass().code() + "\t" + instrument.venue() + "\t"
            + instrument.symbol() + "\n";
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    /** Restores every id in the directory into the registry (nothing when there is no file). */
    public static void load(Path journalDir, InstrumentRegistry registry) {
        Path file = journalDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            String[] fields = line.split("\t", -1);
            if (fields.length != 4) {
                continue; // a line cut short by a crash: its instrument is defined inline in the journal too
            }
            registry.restore(Integer.parseInt(fields[0]), fields[2], fields[3],
                AssetClass.ofCode(Integer.parseInt(fields[1])));
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
