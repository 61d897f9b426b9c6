package dev.k2.engine.journal;

/** Why input was rejected; the code is stored in the dead-letter journal and never changes meaning. */
public enum RejectReason {
    MALFORMED_LINE(1, "line does not have the expected fields"),
    BAD_NUMBER(2, "a number is not an exact decimal that fits decimal(18,8)"),
    BAD_TIME(3, "date or time cannot be parsed"),
    BAD_VALUE(4, "a value is out of its allowed range"),
    VENDOR_DATA_TOO_LARGE(5, "vendor data does not fit the tick's bounded vendor area"),
    UNKNOWN_INSTRUMENT(6, "the instrument cannot be resolved");

    private static final RejectReason[] VALUES = values();
    private final int code;
    private final String meaning;

    RejectReason(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public static RejectReason ofCode(int code) {
        for (RejectReason reason : VALUES) {
            if (reason.code == code) {
                return reason;
            }
        }
        return null;
    }
}
