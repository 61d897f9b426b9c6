/**
 * API keys and rate limits shared by every front end (binary TCP, HTTP).
 *
 * <p>A key is {@code k2_<id>_<secret>}: the 8-hex-digit id is public and finds the entry; the
 * 43-character secret is never stored. The keys file (one line per key, tab separated, {@code #}
 * comments) keeps {@code id, name, rate, salt, sha256(salt || key), created, revoked}. Secrets are
 * compared in constant time and never logged; a lookup by an unknown id costs the same hash.
 */
package dev.k2.query.auth;
