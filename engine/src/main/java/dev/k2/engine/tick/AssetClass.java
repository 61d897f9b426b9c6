package dev.k2.engine.tick;

/** Asset class of an instrument; one byte in the journal. */
public enum AssetClass {
    UNKNOWN(0),
    EQUITY(1),
    CRYPTO(2),
    FUTURE(3),
    FX(4);

    private static final AssetClass[] BY_CODE = {UNKNOWN, EQUITY, CRYPTO, FUTURE, FX};

    private final byte code;

    AssetClass(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static AssetClass ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
