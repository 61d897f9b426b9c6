package dev.k2.persistence.cold;

import java.util.Arrays;

/**
 * The distinct byte strings (UTF-8) of one string column chunk, numbered in order of first appearance
 * by an open-addressing hash table (linear probing, at most half full) over one byte store, then
 * optionally renumbered in unsigned byte order (Parquet's order for UTF-8), so that a page's minimum
 * and maximum are its smallest and largest id. A chunk written PLAIN reads its values back from here
 * by id. Reused for every chunk of a batch.
 */
final class BinaryDictionary {
    private byte[] bytes = new byte[4096];
    private int used;
    private int[] at = new int[256];
    private int[] length = new int[256];
    private int[] hash = new int[256];
    /** Per slot: id + 1, 0 when empty. */
    private int[] slots = new int[512];
    private int size;
    private int[] order = new int[256];
    private int[] scratch = new int[256];

    int size() {
        return size;
    }

    /** Bytes of the entries' characters (without the 4-byte lengths of PLAIN). */
    int bytesUsed() {
        return used;
    }

    byte[] bytes() {
        return bytes;
    }

    int at(int id) {
        return at[id];
    }

    int length(int id) {
        return length[id];
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(slots, 0);
            size = 0;
            used = 0;
        }
    }

    /** The id of {@code src[from, from + len)}, added when new. */
    int add(byte[] src, int from, int len) {
        int h = hash(src, from, len);
        int mask = slots.length - 1;
        int slot = h & mask;
        while (true) {
            int id = slots[slot] - 1;
            if (id < 0) {
                break;
            }
            if (hash[id] == h && length[id] == len && Arrays.equals(bytes, at[id], at[id] + len, src, from, from + len)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        if (size == at.length) {
            at = Arrays.copyOf(at, size * 2);
            length = Arrays.copyOf(length, size * 2);
            hash = Arrays.copyOf(hash, size * 2);
        }
        if (used + len > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + len));
        }
        System.arraycopy(src, from, bytes, used, len);
        at[size] = used;
        length[size] = len;
        hash[size] = h;
        used += len;
        slots[slot] = ++size;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return size - 1;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            int slot = hash[id] & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
    }

    private static int hash(byte[] src, int from, int len) {
        int h = len;
        for (int k = from; k < from + len; k++) {
            h = 31 * h + src[k];
        }
        return h ^ (h >>> 16) * 0x85EB_CA6B;
    }

    /**
     * Renumbers the entries in unsigned byte order; returns, by old id, the new one. The table is
     * not renumbered: sort once, after the last {@link #add}.
     */
    int[] sort(int[] rank) {
        if (order.length < size) {
            order = new int[at.length];
            scratch = new int[at.length];
        }
        for (int id = 0; id < size; id++) {
            order[id] = id;
        }
        mergeSort(0, size);
        int[] newId = rank.length >= size ? rank : new int[size];
        int[] newAt = new int[at.length];
        int[] newLength = new int[at.length];
        for (int rankOf = 0; rankOf < size; rankOf++) {
            int id = order[rankOf];
            newId[id] = rankOf;
            newAt[rankOf] = at[id];
            newLength[rankOf] = length[id];
        }
        at = newAt;
        length = newLength;
        return newId;
    }

    private void mergeSort(int from, int to) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(from, mid);
        mergeSort(mid, to);
        if (compare(order[mid - 1], order[mid]) <= 0) {
            return;
        }
        System.arraycopy(order, from, scratch, from, to - from);
        int left = from;
        int right = mid;
        for (int k = from; k < to; k++) {
            if (right >= to || (left < mid && compare(scratch[left], scratch[right]) <= 0)) {
                order[k] = scratch[left++];
            } else {
                order[k] = scratch[right++];
            }
        }
    }

    /** Unsigned lexicographic order of two entries, as Parquet orders UTF-8 strings. */
    int compare(int a, int b) {
        return Arrays.compareUnsigned(bytes, at[a], at[a] + length[a], bytes, at[b], at[b] + length[b]);
    }
}
