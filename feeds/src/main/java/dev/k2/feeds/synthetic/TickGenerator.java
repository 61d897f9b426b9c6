package dev.k2.feeds.synthetic;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.Scaled;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.time.EpochClock;
import java.util.SplittableRandom;

/**
 * A deterministic, allocation-free source of in-order trades for the demo and the benchmarks: fills
 * a slot the caller owns (a ring slot or a benchmark's preallocated event) on each {@link #next}.
 *
 * <p>The market: {@code instruments} equities on venue {@value #VENUE} named AAA, BBB, ... ZZZ, then
 * AAA1, BBB1, ...; each trade is on a random instrument; exchange time starts at
 * 2024-01-02T14:30:00Z and advances 1..500 µs per trade; each instrument's price walks on a
 * {@link #TICK_SIZE} grid (down 30 %, up 30 %, unchanged 40 %, never below one tick); quantities are
 * 1..20 lots of {@value #LOT_SHARES}; the aggressor side is random. Every trade is on
 * {@link #CHANNEL}, {@link SequencePolicy#PERMANENT}, numbered per instrument from 1, with
 * {@code tradeId = sourceSeq}. The same seed gives the same trades; only the receive time, taken
 * from the clock, differs between runs.
 */
public final class TickGenerator {
    public static final String VENUE = "SIM";
    public static final int CHANNEL = 1;
    /** 2024-01-02T14:30:00Z in epoch nanoseconds. */
    public static final long START_EPOCH_NS = 1_704_205_800_000_000_000L;
    /** 0.01, scaled. */
    public static final long TICK_SIZE = Scaled.ONE / 100;
    public static final long LOT_SHARES = 100;
    public static final int MAX_INSTRUMENTS = 10_000;

    private final int[] instrumentIds;
    private final long[] prices;
    private final long[] nextSeq;
    private final SplittableRandom random;
    private final EpochClock clock;
    private long exchangeTimeNs = START_EPOCH_NS;

    /** Interns the instruments (once, here) and seeds the walk. */
    public TickGenerator(InstrumentRegistry registry, int instruments, long seed, EpochClock clock) {
        if (instruments < 1 || instruments > MAX_INSTRUMENTS) {
            throw new IllegalArgumentException("instruments must be 1.." + MAX_INSTRUMENTS + ", was " + instruments);
        }
        this.instrumentIds = new int[instruments];
        this.prices = new long[instruments];
        this.nextSeq = new long[instruments];
        this.random = new SplittableRandom(seed);
        this.clock = clock;
        for (int i = 0; i < instruments; i++) {
            instrumentIds[i] = registry.intern(VENUE, symbol(i), AssetClass.EQUITY).id();
            prices[i] = Scaled.ofLong(10 + 5L * i);
            nextSeq[i] = 1;
        }
    }

    /** The symbol of instrument {@code index}: AAA, BBB, ... ZZZ, AAA1, BBB1, ... */
    public static String symbol(int index) {
        String letters = String.valueOf((char) ('A' + index % 26)).repeat(3);
        return index < 26 ? letters : letters + index / 26;
    }

    /** Fills {@code slot} with the next trade, on a random instrument. Allocates nothing. */
    public void next(TickEvent slot) {
        fill(slot, pickInstrument());
    }

    public int instrumentCount() {
        return instrumentIds.length;
    }

    /** The registry id of instrument {@code index}. */
    public int instrumentId(int index) {
        return instrumentIds[index];
    }

    /** The instrument the next trade is on. */
    int pickInstrument() {
        return random.nextInt(instrumentIds.length);
    }

    /** Trades generated so far for instrument {@code index}, published or not. */
    long generated(int index) {
        return nextSeq[index] - 1;
    }

    /** Fills {@code slot} with the next trade of instrument {@code index}, taking its next sequence number. */
    void fill(TickEvent slot, int index) {
        exchangeTimeNs += 1_000L * (1 + random.nextInt(500));
        int move = random.nextInt(10);
        if (move < 3 && prices[index] > TICK_SIZE) {
            prices[index] -= TICK_SIZE;
        } else if (move >= 7) {
            prices[index] += TICK_SIZE;
        }
        slot.clear();
        slot.kind = TickKind.TRADE;
        slot.instrumentId = instrumentIds[index];
        slot.channel = CHANNEL;
        slot.sequencePolicy = SequencePolicy.PERMANENT;
        slot.exchangeTimeNs = exchangeTimeNs;
        slot.receiveTimeNs = clock.epochNanos();
        slot.sourceSeq = nextSeq[index]++;
        slot.tradeId = slot.sourceSeq;
        slot.side = random.nextBoolean() ? Side.BUY : Side.SELL;
        slot.price = prices[index];
        slot.quantity = Scaled.ofLong(LOT_SHARES * (1 + random.nextInt(20)));
    }
}
