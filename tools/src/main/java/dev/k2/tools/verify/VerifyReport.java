package dev.k2.tools.verify;

import java.util.List;
import java.util.Map;

/**
 * @param records         every journal record read (ticks, markers, instrument definitions)
 * @param ticks           tick records
 * @param excerpts        Chronicle excerpts read
 * @param instruments     per instrument, keyed by symbol (VENUE:SYMBOL where a symbol is on several venues)
 * @param problems        the first problems found (corruption, inconsistency), for a person to read
 * @param problemCount    all problems found
 */
public record VerifyReport(long records, long ticks, long excerpts, Map<String, InstrumentReport> instruments,
                           List<String> problems, long problemCount) {
    public boolean consistent() {
        return problemCount == 0;
    }
}
