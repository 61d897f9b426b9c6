package dev.k2.engine.instrument;

import dev.k2.engine.tick.AssetClass;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns (venue, symbol) to a small int id once, so strings never travel through the ring.
 *
 * <p>Feeds intern when they open a source (not per tick); stages and readers resolve ids with
 * {@link #byId(int)}, a lock-free read of a copy-on-write array. Ids start at 1 and are stable for a
 * data directory: the journal records each definition, and a restart re-registers them in order.
 */
public final class InstrumentRegistry {
    // venue -> symbol -> instrument: no key string to build per lookup (queries look up per request), and
    // no two names that join to the same string ("A:B" + "C" and "A" + "B:C") can be taken for one
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Instrument>> byVenue = new ConcurrentHashMap<>();
    private volatile Instrument[] byId = new Instrument[16];
    private int nextId = 1;

    public static String key(String venue, String symbol) {
        return venue + ':' + symbol;
    }

    /** @return the instrument, registering it when new. */
    public Instrument intern(String venue, String symbol, AssetClass assetClass) {
        Instrument existing = bySymbol(venue, symbol);
        return existing != null ? existing : register(venue, symbol, assetClass, 0);
    }

    /**
     * Registers a definition read back from the journal under its recorded id.
     *
     * @throws IllegalStateException when the id is already taken by another instrument
     */
    public synchronized Instrument restore(int id, String venue, String symbol, AssetClass assetClass) {
        Instrument known = bySymbol(venue, symbol);
        if (known != null) {
            if (known.id() != id) {
                throw new IllegalStateException("journal defines " + key(venue, symbol) + " as id " + id
                    + " but it is already id " + known.id());
            }
            return known;
        }
        return register(venue, symbol, assetClass, id);
    }

    private synchronized Instrument register(String venue, String symbol, AssetClass assetClass, int wantedId) {
        Instrument existing = bySymbol(venue, symbol);
        if (existing != null) {
            return existing;
        }
        if (!validName(venue) || !validName(symbol)) {
            throw new IllegalArgumentException("venue and symbol must be 1.." + Instrument.MAX_NAME_LENGTH
                + " printable ASCII characters without commas: '" + venue + "', '" + symbol + "'");
        }
        int id = wantedId > 0 ? wantedId : nextId;
        Instrument[] table = byId;
        if (id < table.length && table[id] != null) {
            throw new IllegalStateException("instrument id " + id + " is already " + table[id].key());
        }
        Instrument instrument = new Instrument(id, venue, symbol, assetClass);
        if (id >= table.length) {
            table = java.util.Arrays.copyOf(table, Math.max(id + 1, table.length * 2));
        } else {
            table = table.clone();
        }
        table[id] = instrument;
        byId = table;
        byVenue.computeIfAbsent(venue, v -> new ConcurrentHashMap<>()).put(symbol, instrument);
        nextId = Math.max(nextId, id + 1);
        return instrument;
    }

    /** 1..64 printable ASCII characters, no comma: safe in the journal, in CSV and in the instrument directory. */
    private static boolean validName(String name) {
        if (name.isEmpty() || name.length() > Instrument.MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** @return the instrument with this id, or null. Safe from any thread. */
    public Instrument byId(int id) {
        Instrument[] table = byId;
        return id > 0 && id < table.length ? table[id] : null;
    }

    /** @return the instrument of {@code symbol} at {@code venue}, or null; allocates nothing. */
    public Instrument bySymbol(String venue, String symbol) {
        ConcurrentHashMap<String, Instrument> symbols = venue == null ? null : byVenue.get(venue);
        return symbols == null || symbol == null ? null : symbols.get(symbol);
    }

    /** Every instrument with this symbol, whatever the venue. */
    public List<Instrument> withSymbol(String symbol) {
        List<Instrument> found = new ArrayList<>();
        for (Instrument instrument : byId) {
            if (instrument != null && instrument.symbol().equals(symbol)) {
                found.add(instrument);
            }
        }
        return found;
    }

    public List<Instrument> all() {
        List<Instrument> all = new ArrayList<>();
        for (Instrument instrument : byId) {
            if (instrument != null) {
                all.add(instrument);
            }
        }
        return all;
    }
}
