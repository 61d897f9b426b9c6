package dev.k2.feeds.synthetic;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.ring.TickIngress;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.time.EpochClock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded market for the demo and the end-to-end checks: the trades of a {@link TickGenerator},
 * spoiled the way real feeds are, with an exact account of the spoiling ({@link Summary}).
 *
 * <p>At each of {@code ticks} steps it publishes one tick:
 * <ol>
 *   <li>with probability {@code duplicateRate}, a copy (same sequence, same values) of one of the
 *       last {@value #HISTORY} distinct ticks published;</li>
 *   <li>otherwise, a late fill whose time has come, if any;</li>
 *   <li>otherwise the next trade; first, with probability {@code gapRate} (and never on an
 *       instrument's first trade), 1..3 of that instrument's trades are generated but withheld,
 *       so the trade after them opens a gap. Each withheld trade is, with even odds, published
 *       later as a late, out-of-order fill (1..{@value #MAX_LATE_DELAY} steps on) or never sent.</li>
 * </ol>
 * Withheld trades still due when the run ends are never sent.
 */
public final class SyntheticMarket {
    static final int HISTORY = 1_024;
    static final int MAX_LATE_DELAY = 64;
    private static final double LATE_SHARE = 0.5;
    private static final long DECISION_SEED_MIX = 0x9E3779B97F4A7C15L;

    /**
     * @param instruments   1..{@value TickGenerator#MAX_INSTRUMENTS}
     * @param ticks         ticks to publish in all, duplicates and late fills included
     * @param seed          the same seed gives the same market
     * @param duplicateRate chance, per step, of re-publishing an already published tick, in [0, 1)
     * @param gapRate       chance, per new trade, of withholding 1..3 trades first, in [0, 1)
     */
    public record Options(int instruments, long ticks, long seed, double duplicateRate, double gapRate) {
        public Options {
            if (instruments < 1 || instruments > TickGenerator.MAX_INSTRUMENTS) {
                throw new IllegalArgumentException("instruments must be 1.." + TickGenerator.MAX_INSTRUMENTS
                    + ", was " + instruments);
            }
            if (ticks < 0) {
                throw new IllegalArgumentException("ticks must be >= 0, was " + ticks);
            }
            if (!(duplicateRate >= 0 && duplicateRate < 1) || !(gapRate >= 0 && gapRate < 1)) {
                throw new IllegalArgumentException("duplicateRate and gapRate must be in [0, 1), were "
                    + duplicateRate + " and " + gapRate);
            }
        }

        /** A clean market: no duplicates, no gaps. */
        public static Options clean(int instruments, long ticks, long seed) {
            return new Options(instruments, ticks, seed, 0, 0);
        }
    }

    /**
     * What a run published, in the engine's terms. Exact as long as no stream holds more open gap
     * ranges than the engine keeps ({@code sequence.maxOpenGaps}, 1,024 by default); beyond that
     * the engine gives up the oldest and may count a late fill into it as a duplicate.
     *
     * @param ticksPublished     every tick put into the ring
     * @param distinctTicks      unique (instrument, sequence) among them: what the engine accepts
     * @param duplicatesInjected re-published copies: the engine's duplicates
     * @param gapsOpened         times an instrument's next published sequence jumped past its
     *                           high-water mark + 1: the engine's gaps
     * @param lateFills          withheld trades published later: the engine's out-of-order ticks
     * @param numbersNeverSent   withheld trades never published: gaps that stay open
     */
    public record Summary(long ticksPublished, long distinctTicks, long duplicatesInjected, long gapsOpened,
                          long lateFills, long numbersNeverSent) {
    }

    private record LateFill(TickEvent tick, long dueStep) {
    }

    private final Options options;

    public SyntheticMarket(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Interns the instruments, publishes the whole market into the ring, and accounts for it. */
    public Summary run(InstrumentRegistry registry, TickIngress ingress, EpochClock clock) {
        TickGenerator generator = new TickGenerator(registry, options.instruments(), options.seed(), clock);
        SplittableRandom decisions = new SplittableRandom(options.seed() * DECISION_SEED_MIX + 1);
        TickEvent[] history = new TickEvent[HISTORY];
        for (int i = 0; i < HISTORY; i++) {
            history[i] = new TickEvent();
        }
        List<LateFill> withheld = new ArrayList<>();
        TickEvent next = new TickEvent();
        long distinct = 0;
        long duplicates = 0;
        long gaps = 0;
        long lateFills = 0;
        long neverSent = 0;
        for (long step = 0; step < options.ticks(); step++) {
            if (distinct > 0 && decisions.nextDouble() < options.duplicateRate()) {
                publish(ingress, history[decisions.nextInt((int) Math.min(distinct, HISTORY))], clock);
                duplicates++;
                continue;
            }
            LateFill due = takeDue(withheld, step);
            if (due != null) {
                publish(ingress, due.tick(), clock);
                history[(int) (distinct++ % HISTORY)].copyCoreFrom(due.tick());
                lateFills++;
                continue;
            }
            int instrument = generator.pickInstrument();
            if (generator.generated(instrument) > 0 && decisions.nextDouble() < options.gapRate()) {
                int skipped = 1 + decisions.nextInt(3);
                for (int k = 0; k < skipped; k++) {
                    TickEvent lost = new TickEvent();
                    generator.fill(lost, instrument);
                    if (decisions.nextDouble() < LATE_SHARE) {
                        withheld.add(new LateFill(lost, step + 1 + decisions.nextInt(MAX_LATE_DELAY)));
                    } else {
                        neverSent++;
                    }
                }
                gaps++;
            }
            generator.fill(next, instrument);
            publish(ingress, next, clock);
            history[(int) (distinct++ % HISTORY)].copyCoreFrom(next);
        }
        neverSent += withheld.size();
        return new Summary(options.ticks(), distinct, duplicates, gaps, lateFills, neverSent);
    }

    /** Removes and returns the withheld trade due earliest, if one is due by {@code step}. */
    private static LateFill takeDue(List<LateFill> withheld, long step) {
        int earliest = -1;
        for (int i = 0; i < withheld.size(); i++) {
            if (withheld.get(i).dueStep() <= step
                && (earliest < 0 || withheld.get(i).dueStep() < withheld.get(earliest).dueStep())) {
                earliest = i;
            }
        }
        return earliest < 0 ? null : withheld.remove(earliest);
    }

    private static void publish(TickIngress ingress, TickEvent tick, EpochClock clock) {
        long sequence = ingress.claim();
        try {
            TickEvent slot = ingress.slot(sequence);
            slot.copyCoreFrom(tick);
            slot.receiveTimeNs = clock.epochNanos();
        } finally {
            ingress.publish(sequence);
        }
    }
}
