package dev.k2.engine.tick;

/** Aggressor side of a trade. {@link #UNKNOWN} where the venue does not say (ASX sample files). */
public enum Side {
    UNKNOWN(0),
    BUY(1),
    SELL(2);

    private static final Side[] BY_CODE = {UNKNOWN, BUY, SELL};

    private final byte code;

    Side(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static Side ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
