package dev.k2.bench.query;

import java.util.List;

/**
 * One engine under test, loaded with named data sets ({@code asx}, {@code sim}). Each call is one
 * query, answered in full and turned into {@link Answers} rows, so every engine pays for fetching its
 * result. Single-threaded use.
 */
public interface QueryTarget extends AutoCloseable {
    String name();

    /** How the engine is reached and configured, for the report. */
    String describe();

    /** The newest {@code n} trades of a symbol, newest first. */
    List<Answers.Trade> lastTrades(String set, String symbol, int n) throws Exception;

    /** 1-minute bars over [from, to) of one symbol, or of all when {@code symbol} is null. */
    List<Answers.Bar> bars(String set, String symbol, long fromMicros, long toMicros) throws Exception;

    /** The newest quote of each symbol. */
    List<Answers.Quote> latestQuotes(String set) throws Exception;

    /** The first {@code limit} trades of the set in time order, streamed through. */
    Answers.Scan scanTrades(String set, int limit) throws Exception;

    @Override
    void close() throws Exception;
}
