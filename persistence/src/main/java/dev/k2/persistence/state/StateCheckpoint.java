package dev.k2.persistence.state;

import dev.k2.engine.dedup.RecentIdWindow;
import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.sequence.GapSet;
import dev.k2.engine.tick.AssetClass;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A snapshot of the dedup and sequence state as of one journal excerpt, so a restart replays only
 * the journal after it instead of the whole journal. Written atomically (temp file, fsync, rename)
 * when an engine closes cleanly; a missing, corrupt or stale checkpoint is ignored and the state is
 * rebuilt from the whole journal, so a checkpoint can only save time, never change a decision.
 *
 * <pre>
 * Big-endian (DataOutputStream):
 *   "K2CP" u32 version(1)
 *   i64 journalIndex        Chronicle index of the last excerpt the state reflects
 *   i64 excerptCrc          CRC32C of that excerpt's bytes: proves it is the same journal
 *   i64 ticks               journal ticks the state reflects
 *   i32 maxOpenGaps  i32 windowSize  i64 resetMinDrop  i64 resetMinPauseNs   (must match the config)
 *   i32 n instruments, each: i32 id, u8 assetClass, UTF venue, UTF symbol
 *   i32 n sequenced streams, each: i64 key, i64 highWaterMark, i64 lastArrivalNs, i64 abandoned,
 *                                  i32 gaps, gaps x (i64 from, i64 to)
 *   i32 n id windows, each: i64 key, i32 ids, ids x i64 (oldest first)
 *   i64 CRC32C of everything above
 * </pre>
 */
public final class StateCheckpoint {
    private static final int MAGIC = 0x4B324350; // "K2CP"
    private static final int VERSION = 1;

    /** What a checkpoint says about the journal it was taken from. */
    public record Position(long journalIndex, long excerptCrc, long ticks) {
    }

    private StateCheckpoint() {
    }

    public static void write(Path file, Position position, InstrumentRegistry registry, StreamTable streams) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            CRC32C crc = new CRC32C();
            try (OutputStream raw = Files.newOutputStream(temp);
                 CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc);
                 DataOutputStream out = new DataOutputStream(checked)) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeLong(position.journalIndex());
                out.writeLong(position.excerptCrc());
                out.writeLong(position.ticks());
                out.writeInt(streams.rules().maxOpenGaps());
                out.writeInt(streams.windowSize());
                out.writeLong(streams.rules().resetMinDrop());
                out.writeLong(streams.rules().resetMinPauseNs());
                List<Instrument> instruments = registry.all();
                out.writeInt(instruments.size());
                for (Instrument instrument : instruments) {
                    out.writeInt(instrument.id());
                    out.writeByte(instrument.assetClass().code());
                    out.writeUTF(instrument.venue());
                    out.writeUTF(instrument.symbol());
                }
                List<Long> keys = new ArrayList<>();
                streams.forEachSequence((key, sequence) -> keys.add(key));
                out.writeInt(keys.size());
                for (long key : keys) {
                    var sequence = streams.sequence(key);
                    GapSet gaps = sequence.gaps();
                    out.writeLong(key);
                    out.writeLong(sequence.highWaterMark());
                    out.writeLong(sequence.lastArrivalNs());
                    out.writeLong(gaps.abandoned());
                    out.writeInt(gaps.size());
                    for (int i = 0; i < gaps.size(); i++) {
                        out.writeLong(gaps.from(i));
                        out.writeLong(gaps.to(i));
                    }
                }
                List<Long> windowKeys = new ArrayList<>();
                streams.forEachWindow((key, window) -> windowKeys.add(key));
                out.writeInt(windowKeys.size());
                for (long key : windowKeys) {
                    long[] ids = streams.window(key).idsOldestFirst();
                    out.writeLong(key);
                    out.writeInt(ids.length);
                    for (long id : ids) {
                        out.writeLong(id);
                    }
                }
                out.flush();
                long sum = crc.getValue();
                out.writeLong(sum);
            }
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a checkpoint into a fresh registry and stream table.
     *
     * @return its position, or null (and nothing loaded) when the file is missing, corrupt, or was
     *         taken under other sequence or dedup settings
     * @throws IllegalStateException when an intact checkpoint cannot be applied (a bug, not bad data)
     */
    public static Position read(Path file, InstrumentRegistry registry, StreamTable streams) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            if (!intact(file)) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                    return null;
                }
                Position position = new Position(in.readLong(), in.readLong(), in.readLong());
                if (in.readInt() != streams.rules().maxOpenGaps() || in.readInt() != streams.windowSize()
                    || in.readLong() != streams.rules().resetMinDrop()
                    || in.readLong() != streams.rules().resetMinPauseNs()) {
                    return null;
                }
                return restore(in, position, registry, streams);
            }
        } catch (IOException e) {
            return null; // unreadable: the caller rebuilds from the whole journal
        }
    }

    private static Position restore(DataInputStream in, Position position, InstrumentRegistry registry,
                                    StreamTable streams) throws IOException {
        int instruments = in.readInt();
        for (int i = 0; i < instruments; i++) {
            int id = in.readInt();
            AssetClass assetClass = AssetClass.ofCode(in.readByte());
            registry.restore(id, in.readUTF(), in.readUTF(), assetClass);
        }
        int sequences = in.readInt();
        for (int i = 0; i < sequences; i++) {
            long key = in.readLong();
            long highWaterMark = in.readLong();
            long lastArrivalNs = in.readLong();
            long abandoned = in.readLong();
            long[] bounds = new long[2 * in.readInt()];
            for (int b = 0; b < bounds.length; b++) {
                bounds[b] = in.readLong();
            }
            streams.sequence(key).restore(highWaterMark, lastArrivalNs, abandoned, bounds);
        }
        int windows = in.readInt();
        for (int i = 0; i < windows; i++) {
            RecentIdWindow window = streams.window(in.readLong());
            int ids = in.readInt();
            for (int n = 0; n < ids; n++) {
                window.add(in.readLong());
            }
        }
        return position;
    }

    private static boolean intact(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 16) {
            return false;
        }
        CRC32C crc = new CRC32C();
        byte[] chunk = new byte[1 << 16];
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long remaining = size - 8;
            while (remaining > 0) {
                int read = raw.read(chunk, 0, (int) Math.min(chunk.length, remaining));
                if (read < 0) {
                    return false;
                }
                crc.update(chunk, 0, read);
                remaining -= read;
            }
            return new DataInputStream(raw).readLong() == crc.getValue();
        }
    }
}
