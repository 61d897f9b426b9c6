package dev.k2.engine.tick;

/** What a tick is. Stored as one byte in the journal; the codes never change meaning. */
public enum TickKind {
    TRADE(1),
    QUOTE(2);

    private static final TickKind[] BY_CODE = {null, TRADE, QUOTE};

    private final byte code;

    TickKind(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** @return the kind for a journal code, or {@code null} when the code is unknown. */
    public static TickKind ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
