package dev.k2.config;

import java.util.regex.Pattern;

/**
 * Hides credentials in text K2 prints or logs: a {@code password=...} parameter and the password
 * of {@code scheme://user:password@host}. Catalog URIs may carry them (cold.catalog.uri); a PostgreSQL
 * pgpass file or the driver's own configuration keeps them out of K2's settings altogether.
 */
public final class Secrets {
    public static final String MASK = "***";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:password|pwd)=)[^&;\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]*@");

    private Secrets() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String once = PASSWORD_PARAMETER.matcher(text).replaceAll("$1" + MASK);
        return USER_INFO.matcher(once).replaceAll("$1" + MASK + "@");
    }

    /** True when {@link #redact} would change {@code text}. */
    public static boolean holdsSecret(String text) {
        return text != null && !redact(text).equals(text);
    }
}
