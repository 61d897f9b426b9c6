package dev.k2.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock that makes one process the only writer of some state (the journal of a data
 * directory, the cold tables, their maintenance). Released on {@link #close()}, and by the OS when
 * the process ends however it ends, so a killed process never leaves a stale lock behind.
 */
public final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param file   the lock file (its directory is created)
     * @param holder what another holder is doing, for the error: "writing to DIR", "running k2 cold maintain on DIR"
     * @param advice what to do about it, for the error
     * @throws IllegalStateException when another process holds the lock
     */
    public static DirectoryLock acquire(Path file, String holder, String advice) {
        FileChannel channel;
        FileLock lock;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.tryLock();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage()
                + " (check that the data directory is writable)", e);
        }
        if (lock == null) {
            closeChannel(channel);
            throw new IllegalStateException("another k2 process is " + holder + " (it holds " + file + "): " + advice);
        }
        return new DirectoryLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + lock + ": " + e.getMessage(), e);
        } finally {
            closeChannel(channel);
        }
    }

    private static void closeChannel(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the channel only carried the lock; the OS drops the lock with the channel or the process anyway
        }
    }
}
