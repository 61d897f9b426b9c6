package dev.k2.query.auth;

/** Who a request runs as, after authentication: the key's name and its own rate limiter. */
public record Principal(String keyId, String name, TokenBucket rateLimit) {
}
