/**
 * The HTTP JSON API: {@link dev.k2.query.http.HttpQueryServer} (Netty, HTTP/1.1, GET only) over the
 * same {@link dev.k2.query.api.QueryService} as the binary protocol; endpoints and parameters in
 * {@link dev.k2.query.http.RequestTranslator}; rows written by {@link dev.k2.query.format}; every
 * error in one envelope ({@link dev.k2.query.http.HttpError}). API keys travel in {@code X-API-Key}
 * (401 when missing, 403 when not accepted or revoked, 429 over the key's rate) and are never logged.
 */
package dev.k2.query.http;
