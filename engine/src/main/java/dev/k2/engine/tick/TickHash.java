package dev.k2.engine.tick;

/**
 * A running 64-bit hash over the identity and values of a tick stream (instrument, channel,
 * sequence, trade id, times, prices, sizes), used to prove that a replay reproduces an ingest
 * (STYLE.md 13). Order-sensitive; not cryptographic.
 */
public final class TickHash {
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private long hash = SEED;
    private long count;

    public void add(TickEvent t) {
        // six independent lanes (the multiplies run in parallel), folded with rotations and mixed once
        long a = hash * 0x9E3779B97F4A7C15L + (((long) t.kind.code() << 56) ^ ((long) t.instrumentId << 24) ^ t.channel);
        long b = t.sourceSeq * 0xC2B2AE3D27D4EB4FL + t.tradeId;
        long c = t.exchangeTimeNs * 0x165667B19E3779F9L + t.price;
        long d = t.quantity * 0xD6E8FEB86659FD93L + t.bidPrice;
        long e = t.bidSize * 0xFF51AFD7ED558CCDL + t.askPrice;
        long f = t.askSize * 0xC4CEB9FE1A85EC53L + (((long) t.side.code() << 32) ^ (t.conditions & 0xFFFFFFFFL));
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
