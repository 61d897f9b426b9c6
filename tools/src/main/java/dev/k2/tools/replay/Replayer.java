package dev.k2.tools.replay;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickHash;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Replays journaled ticks in journal order into a {@link ReplaySink}, filtered by symbol, exchange
 * time {@code [from, to)} and journal index {@code [fromIndex, toIndex]}, paced by {@link ReplaySpeed}.
 * Keeps a {@link TickHash} of what it replayed, comparable with the ingest's hash.
 */
public final class Replayer {
    /**
     * What to replay. Null / Long.MIN_VALUE / MAX_VALUE / -1 mean no bound.
     *
     * @param fromTimeNs    exchange time, inclusive
     * @param toTimeNs      exchange time, exclusive
     * @param sinceNs       journal (receive) time, inclusive: found by binary search, not a scan
     * @param fromIndex     first excerpt index
     * @param toIndex       last excerpt index, inclusive
     */
    public record Selection(String symbol, long fromTimeNs, long toTimeNs, long sinceNs, long fromIndex, long toIndex) {
        public static Selection all() {
            return new Selection(null, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, -1, Long.MAX_VALUE);
        }
    }

    /** @param ticks ticks replayed; @param hash their hash */
    public record Result(long ticks, String hash, long elapsedNs) {
        public double ticksPerSecond() {
            return elapsedNs == 0 ? 0 : ticks * 1e9 / elapsedNs;
        }
    }

    private Replayer() {
    }

    public static Result replay(Path journalDir, Selection selection, ReplaySpeed speed, ReplaySink sink,
                                LongConsumer progress) {
        InstrumentRegistry registry = new InstrumentRegistry();
        TickHash hash = new TickHash();
        long start = System.nanoTime();
        try (JournalReader reader = new JournalReader(journalDir, registry)) {
            if (selection.fromIndex() >= 0 && !reader.seek(selection.fromIndex())) {
                throw new IllegalArgumentException("--from-index " + Long.toHexString(selection.fromIndex())
                    + " is not in the journal (it holds " + Long.toHexString(reader.firstIndex()) + ".."
                    + Long.toHexString(reader.lastIndex()) + "; see `k2 dump`)");
            }
            if (selection.sinceNs() != Long.MIN_VALUE) {
                reader.seekToJournalTime(selection.sinceNs());
            }
            reader.read(selection.toIndex(), new JournalVisitor() {
                private final Pacer pacer = new Pacer(speed);
                /** Per instrument id: 0 not decided yet, 1 replay, 2 skip (ids may be known before their inline definition). */
                private byte[] wanted = new byte[16];

                private boolean wanted(int instrumentId) {
                    if (instrumentId >= wanted.length) {
                        wanted = java.util.Arrays.copyOf(wanted, Math.max(instrumentId + 1, wanted.length * 2));
                    }
                    if (wanted[instrumentId] == 0) {
                        Instrument instrument = registry.byId(instrumentId);
                        if (instrument == null) {
                            return false;
                        }
                        wanted[instrumentId] = selection.symbol() == null || selection.symbol().equals(instrument.symbol())
                            ? (byte) 1 : (byte) 2;
                    }
                    return wanted[instrumentId] == 1;
                }

                @Override
                public void onTick(long index, int record, TickEvent tick) {
                    if (!wanted(tick.instrumentId) || tick.exchangeTimeNs < selection.fromTimeNs() || tick.exchangeTimeNs >= selection.toTimeNs()
                        || tick.receiveTimeNs < selection.sinceNs()) {
                        return;
                    }
                    pacer.await(tick.exchangeTimeNs);
                    hash.add(tick);
                    sink.onTick(registry.byId(tick.instrumentId), tick);
                    if (progress != null && (hash.count() & 0xFFFF) == 0) {
                        progress.accept(hash.count());
                    }
                }
            });
        } finally {
            sink.close();
        }
        return new Result(hash.count(), hash.hex(), System.nanoTime() - start);
    }

    /** Waits until a tick's exchange time, scaled, has passed since the first tick. */
    private static final class Pacer {
        private final ReplaySpeed speed;
        private long firstExchangeNs = Long.MIN_VALUE;
        private long startNanoTime;

        Pacer(ReplaySpeed speed) {
            this.speed = speed;
        }

        void await(long exchangeTimeNs) {
            if (!speed.paced()) {
                return;
            }
            if (firstExchangeNs == Long.MIN_VALUE) {
                firstExchangeNs = exchangeTimeNs;
                startNanoTime = System.nanoTime();
                return;
            }
            long due = startNanoTime + speed.offsetNs(firstExchangeNs, exchangeTimeNs);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
