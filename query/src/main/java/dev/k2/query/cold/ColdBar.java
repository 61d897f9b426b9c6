package dev.k2.query.cold;

import java.math.BigInteger;

/**
 * One (venue, symbol, bucket) partial aggregate of the cold trades, exact: volume in 1e-8 units (a HUGEINT sum of the scaled quantities),
 * sum(price * quantity) in 1e-16 units, first and last trade by tick order with their keys.
 */
public record ColdBar(String venue, String symbol, long start, long count, BigInteger volume, BigInteger notional,
                      long low, long high, long open, long openTime, long openIndex, int openRecord,
                      long close, long closeTime, long closeIndex, int closeRecord) {
}
