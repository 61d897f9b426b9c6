package dev.k2.query.auth;

/**
 * One stored key (never the secret): {@code ratePerSecond} queries per second, bursting to the same
 * number; {@code revoked} keys authenticate as FORBIDDEN.
 */
public record ApiKey(String id, String name, int ratePerSecond, byte[] salt, byte[] hash, long createdEpochSecond,
                     boolean revoked) {
}
