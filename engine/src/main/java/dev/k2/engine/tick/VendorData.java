package dev.k2.engine.tick;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded venue-specific key/value data carried in a tick (DESIGN.md, "V2 schema").
 *
 * <p>Layout, repeated until {@code length}: {@code [u8 keyLength][key ASCII][u8 valueLength][value ASCII]}.
 * At most {@link #CAPACITY} bytes; a put that does not fit returns {@code false} and changes nothing,
 * so a feed can dead-letter the input rather than truncate it silently.
 */
public final class VendorData {
    public static final int CAPACITY = 96;

    private VendorData() {
    }

    /**
     * Appends {@code key=value[from, to)} to the slot's vendor area without allocating.
     *
     * @return false when it does not fit (nothing written) or a part is longer than 255 characters.
     */
    public static boolean put(TickEvent event, String key, CharSequence value, int from, int to) {
        int keyLength = key.length();
        int valueLength = to - from;
        int need = 2 + keyLength + valueLength;
        if (keyLength > 255 || valueLength > 255 || event.vendorLength + need > CAPACITY) {
            return false;
        }
        byte[] data = event.vendorData;
        int at = event.vendorLength;
        data[at++] = (byte) keyLength;
        for (int i = 0; i < keyLength; i++) {
            data[at++] = (byte) key.charAt(i);
        }
        data[at++] = (byte) valueLength;
        for (int i = from; i < to; i++) {
            data[at++] = (byte) value.charAt(i);
        }
        event.vendorLength = at;
        return true;
    }

    public static boolean put(TickEvent event, String key, CharSequence value) {
        return put(event, key, value, 0, value.length());
    }

    /** Decodes vendor bytes into a map (for tools and tests, not the hot path). */
    public static Map<String, String> toMap(byte[] data, int offset, int length) {
        Map<String, String> map = new LinkedHashMap<>();
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int keyLength = data[at++] & 0xFF;
            String key = new String(data, at, keyLength, java.nio.charset.StandardCharsets.ISO_8859_1);
            at += keyLength;
            int valueLength = data[at++] & 0xFF;
            String value = new String(data, at, valueLength, java.nio.charset.StandardCharsets.ISO_8859_1);
            at += valueLength;
            map.put(key, value);
        }
        return map;
    }
}
