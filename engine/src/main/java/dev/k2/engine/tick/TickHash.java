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
        long h = hash;
        h = mix(h, ((long) t.kind.code() << 56) ^ ((long) t.instrumentId << 24) ^ t.channel);
        h = mix(h, t.sourceSeq);
        h = mix(h, t.tradeId);
        h = mix(h, t.exchangeTimeNs);
        h = mix(h, t.price);
        h = mix(h, t.quantity);
        h = mix(h, t.bidPrice);
        h = mix(h, t.bidSize);
        h = mix(h, t.askPrice);
        h = mix(h, t.askSize);
        h = mix(h, ((long) t.side.code() << 32) ^ (t.conditions & 0xFFFFFFFFL));
        hash = h;
        count++;
    }

    private static long mix(long h, long v) {
        long x = h ^ (v * 0xBF58476D1CE4E5B9L);
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
