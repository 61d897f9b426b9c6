package dev.k2.persistence.cold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The moments of a batch where a crash test kills the writer (issue 4: before a data file is written,
 * between writing files and committing, after committing). A test process starts the writer with
 * {@code -Dk2.cold.pauseAt=POINT:BATCH -Dk2.cold.pauseMarker=FILE}: when batch number {@code BATCH}
 * (1-based, counted from the start of this process) of the first table that reaches {@code POINT}
 * gets there, the writer creates {@code FILE} and sleeps until it is killed. Without the property
 * nothing pauses; the check costs one comparison per table per batch.
 */
public enum PausePoint {
    /** The batch is read; no file of it is written yet. */
    BEFORE_WRITE,
    /** The table's Parquet files of the batch are written; the snapshot is not committed. */
    BEFORE_COMMIT,
    /** The table's snapshot of the batch is committed (for trades: the quotes commit has not happened yet). */
    AFTER_COMMIT;

    public static final String PROPERTY = "k2.cold.pauseAt";
    public static final String MARKER_PROPERTY = "k2.cold.pauseMarker";

    /** The property value for this point at one batch, e.g. {@code before-commit:2}. */
    public String at(int batch) {
        return name().toLowerCase(Locale.ROOT).replace('_', '-') + ":" + batch;
    }

    /** The pause this process was asked for, or null. */
    static Armed fromSystemProperties() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return null;
        }
        String marker = System.getProperty(MARKER_PROPERTY);
        int colon = value.indexOf(':');
        try {
            if (colon < 0 || marker == null) {
                throw new IllegalArgumentException();
            }
            PausePoint point = valueOf(value.substring(0, colon).trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            return new Armed(point, Integer.parseInt(value.substring(colon + 1).trim()), Path.of(marker));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " needs POINT:BATCH with POINT one of"
                + " before-write, before-commit, after-commit, and -D" + MARKER_PROPERTY + "=FILE", e);
        }
    }

    /** One requested pause; fires at most once. */
    record Armed(PausePoint point, int batch, Path marker) {
        void reached(PausePoint at, int batchNumber) {
            if (at != point || batchNumber != batch) {
                return;
            }
            try {
                Files.writeString(marker, at + " " + batchNumber);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the pause marker " + marker + ": " + e.getMessage(), e);
            }
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("paused cold writer interrupted at " + at + " of batch " + batchNumber, e);
                }
            }
        }
    }
}
