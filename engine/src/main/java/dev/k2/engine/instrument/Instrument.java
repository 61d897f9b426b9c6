package dev.k2.engine.instrument;

import dev.k2.engine.tick.AssetClass;

/** An interned (venue, symbol) pair. Immutable; created once per instrument, never on the tick path. */
public record Instrument(int id, String venue, String symbol, AssetClass assetClass) {
    public static final int MAX_NAME_LENGTH = 64;

    public String key() {
        return InstrumentRegistry.key(venue, symbol);
    }
}
