package dev.k2.persistence.journal;

import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/** Opens K2's Chronicle queues the one way: binary, the configured roll cycle, analytics off. */
public final class Queues {
    static {
        // belt and braces: the launcher and surefire pass these as JVM flags too (jvm.options)
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
    }

    private Queues() {
    }

    /** True when {@code dir} holds at least one queue file. */
    public static boolean exists(Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return false;
        }
        try (var files = java.nio.file.Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir, e);
        }
    }

    public static SingleChronicleQueue openForWrite(Path dir, String rollCycle) {
        return SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.valueOf(rollCycle)).build();
    }

    /** Opens an existing queue for reading; the roll cycle is read from the queue's own metadata. */
    public static SingleChronicleQueue openForRead(Path dir) {
        return SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
    }
}
