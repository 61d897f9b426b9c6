package dev.k2.query.hot;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickKind;
import dev.k2.query.api.TickFilter;
import java.util.Arrays;

/**
 * A {@link TickFilter} plus the tick kinds wanted, tested on journal fields (instrument id, kind,
 * exchange time). Instrument names are resolved once per id and cached. One query's, one thread's.
 */
public final class HotFilter {
    private final TickFilter filter;
    private final boolean trades;
    private final boolean quotes;
    private final InstrumentRegistry registry;
    private byte[] verdicts = new byte[64];

    public HotFilter(TickFilter filter, boolean trades, boolean quotes, InstrumentRegistry registry) {
        this.filter = filter;
        this.trades = trades;
        this.quotes = quotes;
        this.registry = registry;
    }

    public TickFilter filter() {
        return filter;
    }

    InstrumentRegistry registry() {
        return registry;
    }

    public boolean trades() {
        return trades;
    }

    public boolean quotes() {
        return quotes;
    }

    /** True when the tick matches. */
    public boolean test(int instrumentId, byte kind, long exchangeMicros) {
        if (kind == TickKind.TRADE.code() ? !trades : !quotes) {
            return false;
        }
        if (exchangeMicros < filter.fromMicros() || exchangeMicros >= filter.toMicros()) {
            return false;
        }
        return instrumentMatches(instrumentId);
    }

    /** True when the instrument's venue and symbol match. */
    public boolean instrumentMatches(int instrumentId) {
        if (instrumentId < 0) {
            return false;
        }
        if (instrumentId >= verdicts.length) {
            verdicts = Arrays.copyOf(verdicts, Math.max(instrumentId + 1, verdicts.length * 2));
        }
        byte verdict = verdicts[instrumentId];
        if (verdict == 0) {
            Instrument i = registry.byId(instrumentId);
            if (i == null) {
                return false; // not defined yet: decide again next time
            }
            boolean match = (filter.venue() == null || filter.venue().equals(i.venue()))
                && (filter.symbols().isEmpty() || filter.symbols().contains(i.symbol()));
            verdict = match ? (byte) 1 : (byte) 2;
            verdicts[instrumentId] = verdict;
        }
        return verdict == 1;
    }
}
