package dev.k2.feeds.asx;

import java.nio.file.Path;

/**
 * What {@link AsxFileFeed#ingest} did with one file.
 *
 * @param rowsRead            non-empty lines read, good or bad
 * @param published           ticks published into the ring (the engine may still find duplicates)
 * @param deadLetters         lines rejected to the dead-letter sink
 * @param firstExchangeTimeNs UTC exchange time of the first published row in file order, 0 if none
 * @param lastExchangeTimeNs  UTC exchange time of the last published row in file order, 0 if none
 */
public record FileResult(Path file, String symbol, long rowsRead, long published, long deadLetters,
                         long firstExchangeTimeNs, long lastExchangeTimeNs) {
}
