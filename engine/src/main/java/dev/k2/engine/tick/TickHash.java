package dev.k2.engine.tick;

/**
 * A running 64-bit hash over the identity and values of a tick stream (kind, instrument, channel,
 * sequence, trade id, exchange time, side, conditions, and a trade's price and quantity or a
 * quote's bid and ask: what the journal keeps), used to prove that a replay reproduces an ingest
 * (STYLE.md 13). Order-sensitive; not cryptographic. Receive time is left out: it is when, not what.
 */
public final class TickHash {
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private long hash = SEED;
    private long count;

    public void add(TickEvent t) {
        // six independent lanes (the multiplies run in parallel), folded with rotations and mixed once
        long a = hash * 0x9E3779B97F4A7C15L + (((long) t.kind.code() << 56) ^ ((long) t.instrumentId << 24) ^ t.channel);
        long b = t.sourceSeq * 0xC2B2AE3D27D4EB4FL + t.tradeId;
        boolean trade = t.kind == TickKind.TRADE; // the journal keeps only the kind's own values
        long c = t.exchangeTimeNs * 0x165667B19E3779F9L + (trade ? t.price : t.bidPrice);
        long d = (trade ? t.quantity : t.bidSize) * 0xD6E8FEB86659FD93L + (trade ? 0 : t.askPrice);
        long e = (trade ? 0 : t.askSize) * 0xFF51AFD7ED558CCDL;
        long f = ((long) t.side.code() << 32) ^ (t.conditions & 0xFFFFFFFFL);
        hash = mix(a ^ Long.rotateLeft(b, 13) ^ Long.rotateLeft(c, 23) ^ Long.rotateLeft(d, 37) ^ Long.rotateLeft(e, 47)
            ^ Long.rotateLeft(f, 59));
        count++;
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 31)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 29);
    }

    public long value() {
        return hash;
    }

    public long count() {
        return count;
    }

    public String hex() {
        return String.format("%016x", hash);
    }
}
