package dev.k2.query.api;

/** A query that cannot be answered, with a typed code and a message that names the problem and the fix. */
public final class QueryException extends RuntimeException {
    private final ErrorCode code;

    public QueryException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public QueryException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
