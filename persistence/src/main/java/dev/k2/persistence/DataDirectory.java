package dev.k2.persistence;

import dev.k2.persistence.journal.Queues;
import java.nio.file.Path;

/**
 * Layout of a K2 data directory.
 *
 * <pre>
 * DIR/journal/       Chronicle Queue: ticks and markers, the source of truth (DESIGN.md 1)
 * DIR/deadletters/   Chronicle Queue: rejected input with its raw bytes, source and reason
 * DIR/state/checkpoint.bin   dedup and sequence state as of one journal excerpt (a restart shortcut)
 * DIR/cold/          the embedded Iceberg catalog (catalog.db) and warehouse (the cold tables' files)
 * DIR/k2.lock        held by the one process writing to DIR
 * </pre>
 */
public record DataDirectory(Path root) {
    public Path journal() {
        return root.resolve("journal");
    }

    public Path deadLetters() {
        return root.resolve("deadletters");
    }

    public Path checkpoint() {
        return root.resolve("state").resolve("checkpoint.bin");
    }

    public Path cold() {
        return root.resolve("cold");
    }

    public boolean hasJournal() {
        return Queues.exists(journal());
    }
}
