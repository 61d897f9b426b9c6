package dev.k2.persistence.cold;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer that one Parquet page (or dictionary page) is encoded into,
 * reused for every page of a batch. Besides plain values it writes Parquet's RLE / bit-packing
 * hybrid, the encoding of definition and repetition levels and of dictionary ids:
 *
 * <pre>
 * hybrid     := run*
 * run        := rle-run | packed-run
 * rle-run    := varint(count &lt;&lt; 1)        value in ceil(width / 8) bytes, little endian
 * packed-run := varint(groups &lt;&lt; 1 | 1)   groups * 8 values, width bits each, least significant bit first
 *                                          (the last group padded with zeros)
 * </pre>
 *
 * A run of 8 or more equal values (or the equal values that end the input) is an rle-run; anything
 * else is packed, at most {@value #MAX_PACKED_GROUPS} groups per header as parquet-mr writes it.
 */
final class PageBuffer {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MIN_RLE_RUN = 8;
    private static final int MAX_PACKED_GROUPS = 63;

    private byte[] bytes;
    private int size;

    PageBuffer(int capacity) {
        this.bytes = new byte[capacity];
    }

    byte[] bytes() {
        return bytes;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** Makes room for {@code more} bytes and returns the array to write them into at {@link #size()}. */
    byte[] reserve(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
        return bytes;
    }

    /** Records {@code count} bytes written at {@link #size()} into the array {@link #reserve} returned. */
    void advance(int count) {
        size += count;
    }

    void putByte(int b) {
        reserve(1)[size++] = (byte) b;
    }

    void putInt(int v) {
        INT.set(reserve(4), size, v);
        size += 4;
    }

    void putLong(long v) {
        LONG.set(reserve(8), size, v);
        size += 8;
    }

    void setInt(int at, int v) {
        INT.set(bytes, at, v);
    }

    void putBytes(byte[] src, int at, int length) {
        System.arraycopy(src, at, reserve(length), size, length);
        size += length;
    }

    /** {@code values[from, to)} as PLAIN int64. */
    void putLongs(long[] values, int from, int to) {
        byte[] b = reserve((to - from) * 8);
        int at = size;
        for (int k = from; k < to; k++) {
            LONG.set(b, at, values[k]);
            at += 8;
        }
        size = at;
    }

    /** {@code values[from, to)} as PLAIN int32 (the values are ints held in longs). */
    void putLongsAsInts(long[] values, int from, int to) {
        byte[] b = reserve((to - from) * 4);
        int at = size;
        for (int k = from; k < to; k++) {
            INT.set(b, at, (int) values[k]);
            at += 4;
        }
        size = at;
    }

    void putVarInt(int value) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            putByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        putByte(v);
    }

    /** Levels of a v1 data page: a 4-byte little-endian length, then the hybrid encoding. */
    void putLevels(int[] levels, int from, int to, int width) {
        int lengthAt = size;
        putInt(0);
        putHybrid(levels, from, to, width);
        setInt(lengthAt, size - lengthAt - 4);
    }

    /** {@code values[from, to)}, each below {@code 2^width}, in the RLE / bit-packing hybrid. */
    void putHybrid(int[] values, int from, int to, int width) {
        int valueBytes = (width + 7) >>> 3;
        int i = from;
        while (i < to) {
            int run = runLength(values, i, to);
            if (run >= MIN_RLE_RUN || i + run == to) {
                putVarInt(run << 1);
                int value = values[i];
                for (int b = 0; b < valueBytes; b++) {
                    putByte(value >>> (8 * b));
                }
                i += run;
            } else {
                int end = i;
                int groups = 0;
                do {
                    end = Math.min(end + 8, to);
                    groups++;
                } while (end < to && groups < MAX_PACKED_GROUPS && !runStarts(values, end, to));
                putVarInt(groups << 1 | 1);
                pack(values, i, end, groups, width);
                i = end;
            }
        }
    }

    private static int runLength(int[] values, int from, int to) {
        int value = values[from];
        int k = from + 1;
        while (k < to && values[k] == value) {
            k++;
        }
        return k - from;
    }

    /** Whether {@link #MIN_RLE_RUN} equal values start at {@code from}. */
    private static boolean runStarts(int[] values, int from, int to) {
        if (to - from < MIN_RLE_RUN) {
            return false;
        }
        int value = values[from];
        for (int k = from + 1; k < from + MIN_RLE_RUN; k++) {
            if (values[k] != value) {
                return false;
            }
        }
        return true;
    }

    private void pack(int[] values, int from, int to, int groups, int width) {
        byte[] b = reserve(groups * width);
        int at = size;
        long bits = 0;
        int count = 0;
        int end = from + groups * 8;
        for (int k = from; k < end; k++) {
            long value = k < to ? values[k] & 0xFFFF_FFFFL : 0;
            bits |= value << count;
            count += width;
            while (count >= 8) {
                b[at++] = (byte) bits;
                bits >>>= 8;
                count -= 8;
            }
        }
        size = at;
    }

    /** Bits needed for values up to {@code max} (0 for a single-entry dictionary, as parquet-mr writes it). */
    static int bitWidth(int max) {
        return 32 - Integer.numberOfLeadingZeros(max);
    }
}
