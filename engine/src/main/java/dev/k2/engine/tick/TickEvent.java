package dev.k2.engine.tick;

import dev.k2.engine.sequence.SequenceClass;

/**
 * One ring slot: preallocated by the ring, reused for every tick, never escapes the ring.
 *
 * <p>A ring slot is the one place with plain mutable fields (STYLE.md): feeds fill the core fields
 * after {@link #clear()}, the dedup stage writes the verdict fields, later stages only read them.
 * Strings never travel through the ring: the instrument is an interned id.
 */
public final class TickEvent {
    // ---- core, written by the feed ----
    public TickKind kind;
    /** Id from {@link dev.k2.engine.instrument.InstrumentRegistry}. */
    public int instrumentId;
    /** Sub-stream within an instrument: trading day (ASX ordinals restart daily) or venue channel. */
    public int channel;
    public SequencePolicy sequencePolicy;
    public long exchangeTimeNs;
    public long receiveTimeNs;
    /** Sequence within (instrument, channel); meaningless for {@link SequencePolicy#UNSEQUENCED}. */
    public long sourceSeq;
    /** Venue trade id, or -1 when the venue has none. */
    public long tradeId;
    public Side side;
    /** Scaled by 10^8 ({@link Scaled}). */
    public long price;
    public long quantity;
    public long bidPrice;
    public long bidSize;
    public long askPrice;
    public long askSize;
    /** Venue condition flags (ASX qualifier code). */
    public int conditions;
    public final byte[] vendorData = new byte[VendorData.CAPACITY];
    public int vendorLength;

    // ---- verdict, written by the dedup stage ----
    public SequenceClass sequenceClass;
    /** For {@link SequenceClass#GAP}: the missing range [gapFrom, gapTo]; for RESET: gapFrom = old high-water mark. */
    public long gapFrom;
    public long gapTo;

    /** Resets every field so a feed never inherits the previous occupant's values. */
    public TickEvent clear() {
        kind = TickKind.TRADE;
        instrumentId = 0;
        channel = 0;
        sequencePolicy = SequencePolicy.UNSEQUENCED;
        exchangeTimeNs = 0;
        receiveTimeNs = 0;
        sourceSeq = 0;
        tradeId = -1;
        side = Side.UNKNOWN;
        price = 0;
        quantity = 0;
        bidPrice = 0;
        bidSize = 0;
        askPrice = 0;
        askSize = 0;
        conditions = 0;
        vendorLength = 0;
        sequenceClass = null;
        gapFrom = 0;
        gapTo = 0;
        return this;
    }

    /** True when the dedup stage decided this tick is a copy of one already accepted. */
    public boolean isDuplicate() {
        return sequenceClass == SequenceClass.DUPLICATE;
    }

    /** Copies the core fields (not the verdict) from another slot. */
    public void copyCoreFrom(TickEvent other) {
        kind = other.kind;
        instrumentId = other.instrumentId;
        channel = other.channel;
        sequencePolicy = other.sequencePolicy;
        exchangeTimeNs = other.exchangeTimeNs;
        receiveTimeNs = other.receiveTimeNs;
        sourceSeq = other.sourceSeq;
        tradeId = other.tradeId;
        side = other.side;
        price = other.price;
        quantity = other.quantity;
        bidPrice = other.bidPrice;
        bidSize = other.bidSize;
        askPrice = other.askPrice;
        askSize = other.askSize;
        conditions = other.conditions;
        System.arraycopy(other.vendorData, 0, vendorData, 0, other.vendorLength);
        vendorLength = other.vendorLength;
    }

    @Override
    public String toString() {
        return "TickEvent{" + kind + " instrument=" + instrumentId + " channel=" + channel
            + " seq=" + sourceSeq + " tradeId=" + tradeId + " exchangeTimeNs=" + exchangeTimeNs
            + " price=" + Scaled.toString(price) + " qty=" + Scaled.toString(quantity)
            + " bid=" + Scaled.toString(bidPrice) + "x" + Scaled.toString(bidSize)
            + " ask=" + Scaled.toString(askPrice) + "x" + Scaled.toString(askSize)
            + " class=" + sequenceClass + "}";
    }
}
