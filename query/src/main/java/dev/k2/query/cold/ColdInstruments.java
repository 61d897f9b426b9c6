package dev.k2.query.cold;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The instruments of one cold scan by a 63-bit DuckDB hash of (venue, symbol), so that a large
 * result's rows carry one long instead of two strings to decode (decoding them was the largest
 * cost of streaming cold rows). Built from the scan's distinct instruments; a hash shared by two
 * instruments makes the list unusable, so exactness never rests on the hash.
 */
public final class ColdInstruments {
    /** The SQL expression every row and the list compute. */
    static final String HASH = "CAST(hash(venue, symbol) >> 1 AS BIGINT)";

    private final Long2ObjectHashMap<String[]> byHash = new Long2ObjectHashMap<>();

    /** Adds one instrument; false when its hash already names another one. */
    boolean add(long hash, String venue, String symbol) {
        String[] existing = byHash.putIfAbsent(hash, new String[] {venue, symbol});
        return existing == null || (existing[0].equals(venue) && existing[1].equals(symbol));
    }

    /** {venue, symbol} for a row's hash, or null. */
    String[] get(long hash) {
        return byHash.get(hash);
    }
}
