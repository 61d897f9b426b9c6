package dev.k2.persistence;

import dev.k2.persistence.journal.Queues;
import java.nio.file.Path;

/**
 * Layout of a K2 data directory.
 *
 * <pre>
 * DIR/journal/       Chronicle Queue: ticks and markers, the source of truth (DESIGN.md 1)
 * DIR/deadletters/   Chronicle Queue: rejected input with its raw bytes, source and reason
 * </pre>
 */
public record DataDirectory(Path root) {
    public Path journal() {
        return root.resolve("journal");
    }

    public Path deadLetters() {
        return root.resolve("deadletters");
    }

    public boolean hasJournal() {
        return Queues.exists(journal());
    }
}
