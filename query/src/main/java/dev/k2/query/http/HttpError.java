package dev.k2.query.http;

import dev.k2.query.api.QueryException;
import dev.k2.query.format.ValueText;
import java.io.IOException;

/**
 * One error, as every error response carries it:
 * {@code {"error":{"code":"BAD_REQUEST","status":400,"message":"..."}}}. Codes are the
 * {@link dev.k2.query.api.ErrorCode} names, plus the HTTP-only {@code METHOD_NOT_ALLOWED},
 * {@code PAYLOAD_TOO_LARGE}, {@code URI_TOO_LONG} and {@code HEADERS_TOO_LARGE}.
 */
public record HttpError(String code, int status, String message) {
    public static HttpError of(QueryException e) {
        return new HttpError(e.code().name(), e.code().httpStatus(), e.getMessage());
    }

    /** The JSON envelope, newline-terminated. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(64 + message.length());
        try {
            sb.append("{\"error\":{\"code\":");
            ValueText.jsonString(sb, code);
            sb.append(",\"status\":").append(status).append(",\"message\":");
            ValueText.jsonString(sb, message);
            sb.append("}}\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return sb.toString();
    }
}
