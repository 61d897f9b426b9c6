package dev.k2.query.protocol;

import java.nio.charset.StandardCharsets;

/** String conventions of the wire: UTF-8, at most {@link Frames#MAX_STRING_BYTES}, empty for null. */
final class Strings {
    private Strings() {
    }

    /** {@code null} as empty; text longer than the schema allows is cut (error messages, server info). */
    static String clip(String s) {
        if (s == null) {
            return "";
        }
        if (s.length() * 3 <= Frames.MAX_STRING_BYTES || s.getBytes(StandardCharsets.UTF_8).length <= Frames.MAX_STRING_BYTES) {
            return s;
        }
        String cut = s.substring(0, Math.min(s.length(), Frames.MAX_STRING_BYTES / 3));
        return cut;
    }

    /** A string a query field must carry whole: too long is a bad request, not a cut. */
    static String whole(String s, String what) {
        if (s == null) {
            return "";
        }
        if (s.length() * 3 > Frames.MAX_STRING_BYTES && s.getBytes(StandardCharsets.UTF_8).length > Frames.MAX_STRING_BYTES) {
            throw new dev.k2.query.api.QueryException(dev.k2.query.api.ErrorCode.BAD_REQUEST,
                what + " is longer than " + Frames.MAX_STRING_BYTES + " bytes");
        }
        return s;
    }

    /** Empty on the wire means absent. */
    static String orNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
