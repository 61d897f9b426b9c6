package dev.k2.feeds.binance;

/**
 * An allocation-free scanner for the flat JSON objects Binance sends: it walks one object of a byte
 * range and records, for each single-character key, where its value is and what type it has.
 * Nested objects and arrays under other keys are skipped; one nested object can be entered by key
 * ({@link #scan(byte[], int, int, String)}), which is how the combined-stream wrapper
 * {@code {"stream":..,"data":{..}}} is read.
 *
 * <p>Reused for every frame: a generation counter marks which keys the current object has, so
 * nothing is cleared between frames. Keys longer than one character are skipped (except the one
 * entered). No exceptions as control flow: {@link #scan} returns false and leaves {@link #error()}.
 */
final class JsonFields {
    static final byte STRING = 1;
    static final byte NUMBER = 2;
    static final byte TRUE = 3;
    static final byte FALSE = 4;
    static final byte NULL = 5;
    static final byte OBJECT = 6;
    static final byte ARRAY = 7;

    private static final int MAX_DEPTH = 32;

    private final int[] start = new int[128];
    private final int[] end = new int[128];
    private final byte[] type = new byte[128];
    private final int[] seen = new int[128];
    private int generation;
    private byte[] bytes;
    private int pos;
    private int limit;
    private String error;
    private int enteredStart;
    private int enteredEnd;
    private int streamStart;
    private int streamEnd;

    /**
     * Scans the object in {@code bytes[offset, offset + length)}. When {@code enter} names a key whose
     * value is an object, the fields recorded are that object's, and the outer object's one-character
     * keys are not recorded; when it is absent, the outer object's fields are recorded.
     *
     * @return false when the input is not one well-formed JSON object ({@link #error()} says why)
     */
    boolean scan(byte[] bytes, int offset, int length, String enter) {
        this.bytes = bytes;
        this.pos = offset;
        this.limit = offset + length;
        this.error = null;
        this.enteredStart = -1;
        this.streamStart = -1;
        generation++;
        skipWhitespace();
        if (!objectFields(enter, true)) {
            return false;
        }
        skipWhitespace();
        if (pos != limit) {
            return fail("text after the end of the JSON object");
        }
        if (enteredStart >= 0) {
            generation++;
            pos = enteredStart;
            limit = enteredEnd;
            return objectFields(null, false);
        }
        return true;
    }

    /** True when {@code key} (one ASCII character) was in the scanned object. */
    boolean has(char key) {
        return seen[key] == generation;
    }

    byte type(char key) {
        return has(key) ? type[key] : 0;
    }

    /** Start of the value; for strings, the first character inside the quotes. */
    int start(char key) {
        return start[key];
    }

    /** End (exclusive) of the value; for strings, the closing quote. */
    int end(char key) {
        return end[key];
    }

    /** True when the entered key was present and held an object. */
    boolean entered() {
        return enteredStart >= 0;
    }

    /** The range of the outer "stream" string value, or -1 when absent. */
    int streamStart() {
        return streamStart;
    }

    int streamEnd() {
        return streamEnd;
    }

    /** True when the string value of {@code key} equals {@code text} (ASCII). */
    boolean stringEquals(char key, String text) {
        if (type(key) != STRING || end[key] - start[key] != text.length()) {
            return false;
        }
        int at = start[key];
        for (int i = 0; i < text.length(); i++) {
            if (bytes[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    String error() {
        return error;
    }

    private boolean fail(String message) {
        error = message + " at byte " + pos;
        return false;
    }

    private boolean objectFields(String enter, boolean outer) {
        if (pos >= limit || bytes[pos] != '{') {
            return fail("expected '{'");
        }
        pos++;
        skipWhitespace();
        if (pos < limit && bytes[pos] == '}') {
            pos++;
            return true;
        }
        while (true) {
            skipWhitespace();
            if (pos >= limit || bytes[pos] != '"') {
                return fail("expected a quoted key");
            }
            int keyStart = pos + 1;
            if (!skipString()) {
                return false;
            }
            int keyEnd = pos - 1;
            skipWhitespace();
            if (pos >= limit || bytes[pos] != ':') {
                return fail("expected ':' after a key");
            }
            pos++;
            skipWhitespace();
            int valueStart = pos;
            if (pos >= limit) {
                return fail("missing value");
            }
            byte valueType = valueType(bytes[pos]);
            if (valueType == 0 || !skipValue(0)) {
                return error != null ? false : fail("not a JSON value");
            }
            int valueEnd = pos;
            int keyLength = keyEnd - keyStart;
            if (outer && enter != null && keyEquals(keyStart, keyLength, enter)) {
                if (valueType == OBJECT) {
                    enteredStart = valueStart;
                    enteredEnd = valueEnd;
                }
            } else if (outer && keyEquals(keyStart, keyLength, "stream")) {
                if (valueType == STRING) {
                    streamStart = valueStart + 1;
                    streamEnd = valueEnd - 1;
                }
            } else if (keyLength == 1 && bytes[keyStart] >= 0) {
                int key = bytes[keyStart];
                seen[key] = generation;
                type[key] = valueType;
                if (valueType == STRING) {
                    start[key] = valueStart + 1;
                    end[key] = valueEnd - 1;
                } else {
                    start[key] = valueStart;
                    end[key] = valueEnd;
                }
            }
            skipWhitespace();
            if (pos >= limit) {
                return fail("object not closed");
            }
            byte b = bytes[pos++];
            if (b == '}') {
                return true;
            }
            if (b != ',') {
                pos--;
                return fail("expected ',' or '}'");
            }
        }
    }

    private boolean keyEquals(int at, int length, String key) {
        if (length != key.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[at + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte valueType(byte b) {
        return switch (b) {
            case '"' -> STRING;
            case '{' -> OBJECT;
            case '[' -> ARRAY;
            case 't' -> TRUE;
            case 'f' -> FALSE;
            case 'n' -> NULL;
            default -> (b == '-' || (b >= '0' && b <= '9')) ? NUMBER : 0;
        };
    }

    private boolean skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            return fail("nesting deeper than " + MAX_DEPTH);
        }
        byte b = bytes[pos];
        switch (b) {
            case '"':
                return skipString();
            case '{':
                return skipContainer('}', depth, true);
            case '[':
                return skipContainer(']', depth, false);
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return skipNumber();
        }
    }

    private boolean skipContainer(char close, int depth, boolean object) {
        pos++;
        skipWhitespace();
        if (pos < limit && bytes[pos] == close) {
            pos++;
            return true;
        }
        while (true) {
            skipWhitespace();
            if (object) {
                if (pos >= limit || bytes[pos] != '"' || !skipString()) {
                    return error != null ? false : fail("expected a quoted key");
                }
                skipWhitespace();
                if (pos >= limit || bytes[pos] != ':') {
                    return fail("expected ':' after a key");
                }
                pos++;
                skipWhitespace();
            }
            if (pos >= limit || valueType(bytes[pos]) == 0 || !skipValue(depth + 1)) {
                return error != null ? false : fail("not a JSON value");
            }
            skipWhitespace();
            if (pos >= limit) {
                return fail("container not closed");
            }
            byte b = bytes[pos++];
            if (b == close) {
                return true;
            }
            if (b != ',') {
                pos--;
                return fail("expected ',' or '" + close + "'");
            }
        }
    }

    private boolean skipString() {
        pos++;
        while (pos < limit) {
            byte b = bytes[pos++];
            if (b == '"') {
                return true;
            }
            if (b == '\\') {
                pos++;
            } else if (b >= 0 && b < 0x20) {
                pos--;
                return fail("control character in a string");
            }
        }
        return fail("string not closed");
    }

    private boolean skipNumber() {
        int from = pos;
        if (pos < limit && bytes[pos] == '-') {
            pos++;
        }
        int digits = 0;
        while (pos < limit) {
            byte b = bytes[pos];
            if ((b >= '0' && b <= '9')) {
                digits++;
            } else if (b != '.' && b != 'e' && b != 'E' && b != '+' && b != '-') {
                break;
            }
            pos++;
        }
        if (digits == 0) {
            pos = from;
            return fail("not a number");
        }
        return true;
    }

    private boolean literal(String word) {
        if (limit - pos < word.length()) {
            return fail("truncated literal");
        }
        for (int i = 0; i < word.length(); i++) {
            if (bytes[pos + i] != word.charAt(i)) {
                return fail("unknown literal");
            }
        }
        pos += word.length();
        return true;
    }

    private void skipWhitespace() {
        while (pos < limit) {
            byte b = bytes[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }
}
