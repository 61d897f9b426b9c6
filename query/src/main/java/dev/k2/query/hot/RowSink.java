package dev.k2.query.hot;

import dev.k2.query.api.TickRow;

/** Receives tick rows from the hot store or the journal. */
@FunctionalInterface
public interface RowSink {
    /** @return false to stop */
    boolean accept(TickRow row);
}
