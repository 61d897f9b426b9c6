package dev.k2.query.api;

/** Typed error codes, the same on the binary protocol (as the ordinal-independent {@link #code}) and over HTTP. */
public enum ErrorCode {
    BAD_REQUEST(1, 400),
    UNAUTHENTICATED(2, 401),
    FORBIDDEN(3, 403),
    NOT_FOUND(4, 404),
    RATE_LIMITED(5, 429),
    TOO_MANY_IN_FLIGHT(6, 429),
    FRAME_TOO_LARGE(7, 413),
    UNSUPPORTED_VERSION(8, 400),
    CANCELLED(9, 499),
    UNAVAILABLE(10, 503),
    INTERNAL(11, 500);

    private final int code;
    private final int httpStatus;

    ErrorCode(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return INTERNAL;
    }
}
