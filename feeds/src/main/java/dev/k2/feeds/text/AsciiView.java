package dev.k2.feeds.text;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A {@link CharSequence} over a range of a byte array, one byte per character (ISO-8859-1, so ASCII
 * reads as itself). Re-pointed with {@link #wrap} and reused, it lets the allocation-free parsers
 * that take a {@code CharSequence} ({@code Scaled.parse}, {@code VendorData.put}) read fields
 * straight out of a read buffer, with no {@code String} per line (STYLE.md 7).
 *
 * <p>Not thread-safe; each feed owns its views. {@link #toString()} and {@link #subSequence} copy,
 * and are meant for messages about rejected input, not for the hot path.
 */
public final class AsciiView implements CharSequence {
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private int offset;
    private int length;

    /** Points this view at {@code bytes[offset, offset + length)}. */
    public AsciiView wrap(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Points this view at the whole array. */
    public AsciiView wrap(byte[] bytes) {
        return wrap(bytes, 0, bytes.length);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        Objects.checkIndex(index, length);
        return (char) (bytes[offset + index] & 0xFF);
    }

    /** A copy of the range as a new, independent view. */
    @Override
    public CharSequence subSequence(int start, int end) {
        Objects.checkFromToIndex(start, end, length);
        return new AsciiView().wrap(bytes, offset + start, end - start);
    }

    /** The range {@code [start, end)} of this view as a String (for messages). */
    public String toString(int start, int end) {
        Objects.checkFromToIndex(start, end, length);
        return new String(bytes, offset + start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return toString(0, length);
    }
}
