package dev.k2.feeds.binance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Symbol bytes (upper-case, as in a payload's {@code "s"}) to instrument id, built once when the
 * feed subscribes: an open-addressing table compared byte by byte, so resolving a symbol in a frame
 * allocates nothing and needs no {@code String}.
 */
public final class SymbolTable {
    private final byte[][] keys;
    private final int[] ids;
    private final int mask;
    private int size;

    /** @param capacity the most symbols it will hold */
    public SymbolTable(int capacity) {
        int slots = Integer.highestOneBit(Math.max(4, capacity * 4) - 1) << 1;
        keys = new byte[slots][];
        ids = new int[slots];
        mask = slots - 1;
    }

    /** Adds (or replaces) a symbol; not for the hot path. */
    public void put(String symbol, int instrumentId) {
        if (size * 2 >= keys.length) {
            throw new IllegalStateException("symbol table is full (" + size + " symbols)");
        }
        byte[] key = symbol.getBytes(StandardCharsets.US_ASCII);
        int slot = hash(key, 0, key.length) & mask;
        while (keys[slot] != null && !Arrays.equals(keys[slot], key)) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == null) {
            size++;
        }
        keys[slot] = key;
        ids[slot] = instrumentId;
    }

    /** @return the instrument id of {@code bytes[from, to)}, or 0 when the symbol is unknown. */
    public int find(byte[] bytes, int from, int to) {
        int slot = hash(bytes, from, to - from) & mask;
        while (true) {
            byte[] key = keys[slot];
            if (key == null) {
                return 0;
            }
            if (Arrays.equals(key, 0, key.length, bytes, from, to)) {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    public int size() {
        return size;
    }

    private static int hash(byte[] bytes, int from, int length) {
        int h = length;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 16);
    }
}
