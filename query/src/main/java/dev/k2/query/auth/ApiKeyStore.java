package dev.k2.query.auth;

import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The keys file: {@link #add} creates a key (its secret is returned once), {@link #authenticate}
 * checks one. A running server sees keys added or revoked in the file within a second
 * ({@link #reloadIfChanged}), so revocation needs no restart. Thread-safe.
 */
public final class ApiKeyStore {
    public static final String DEFAULT_FILE = "keys.tsv";
    public static final int DEFAULT_RATE = 1_000;
    private static final Pattern KEY = Pattern.compile("k2_([0-9a-f]{8})_([A-Za-z0-9_-]{43})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final long RELOAD_CHECK_NANOS = 1_000_000_000L;
    private static final byte[] DUMMY_SALT = new byte[16];

    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private volatile Map<String, ApiKey> keys = Map.of();
    private volatile FileTime loadedModified;
    private volatile long lastCheckNanos;

    private ApiKeyStore(Path file) {
        this.file = file;
    }

    /** Opens the keys file; a missing file is an empty store (every request then fails authentication). */
    public static ApiKeyStore open(Path file) {
        ApiKeyStore store = new ApiKeyStore(file);
        store.reload();
        return store;
    }

    public Path file() {
        return file;
    }

    /** Number of keys that are not revoked. */
    public int activeKeys() {
        return (int) keys.values().stream().filter(k -> !k.revoked()).count();
    }

    /** Creates a key named {@code name}; returns the full key, which is shown once and never stored. */
    public synchronized String add(String name, int ratePerSecond) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key name '" + name + "' is invalid: use 1-64 of A-Z a-z 0-9 . _ @ -");
        }
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 query/s, got " + ratePerSecond);
        }
        reload();
        if (keys.values().stream().anyMatch(k -> k.name().equals(name) && !k.revoked())) {
            throw new IllegalArgumentException("a key named '" + name + "' exists: revoke it first or pick another name");
        }
        String id;
        do {
            id = HexFormat.of().toHexDigits(random.nextInt());
        } while (keys.containsKey(id));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = "k2_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        ApiKey entry = new ApiKey(id, name, ratePerSecond, salt, hash(salt, key), Instant.now().getEpochSecond(), false);
        Map<String, ApiKey> next = new LinkedHashMap<>(keys);
        next.put(id, entry);
        write(next);
        return key;
    }

    /** Marks the key named {@code name} revoked; returns false when no active key has that name. */
    public synchronized boolean revoke(String name) {
        reload();
        Map<String, ApiKey> next = new LinkedHashMap<>(keys);
        boolean found = false;
        for (ApiKey k : keys.values()) {
            if (k.name().equals(name) && !k.revoked()) {
                next.put(k.id(), new ApiKey(k.id(), k.name(), k.ratePerSecond(), k.salt(), k.hash(),
                    k.createdEpochSecond(), true));
                found = true;
            }
        }
        if (found) {
            write(next);
        }
        return found;
    }

    public List<ApiKey> list() {
        return List.copyOf(keys.values());
    }

    /**
     * The principal for {@code presented}, or a {@link QueryException}: UNAUTHENTICATED when the key is
     * missing, malformed or unknown, FORBIDDEN when it was revoked. Constant time in the secret.
     */
    public Principal authenticate(String presented) {
        reloadIfChanged();
        if (presented == null || presented.isEmpty()) {
            throw new QueryException(ErrorCode.UNAUTHENTICATED, "no API key: send one (create it with 'k2 keys add NAME')");
        }
        var m = KEY.matcher(presented);
        ApiKey entry = m.matches() ? keys.get(m.group(1)) : null;
        byte[] expected = entry == null ? null : entry.hash();
        byte[] actual = hash(entry == null ? DUMMY_SALT : entry.salt(), presented);
        boolean equal = MessageDigest.isEqual(actual, expected == null ? new byte[actual.length] : expected);
        if (entry == null || !equal) {
            throw new QueryException(ErrorCode.UNAUTHENTICATED, "API key not recognised: check it, or create one with 'k2 keys add NAME'");
        }
        if (entry.revoked()) {
            throw new QueryException(ErrorCode.FORBIDDEN, "API key '" + entry.name() + "' was revoked: create a new one");
        }
        TokenBucket bucket = buckets.computeIfAbsent(entry.id(),
            id -> new TokenBucket(entry.ratePerSecond(), entry.ratePerSecond(), System.nanoTime()));
        return new Principal(entry.id(), entry.name(), bucket);
    }

    /**
     * True while the key with this id exists and is not revoked (the file is re-read when it changed,
     * at most once a second): an open connection checks it per request, so revoking takes effect
     * without waiting for a new logon.
     */
    public boolean isActive(String keyId) {
        reloadIfChanged();
        ApiKey key = keys.get(keyId);
        return key != null && !key.revoked();
    }

    /** Re-reads the file if it changed on disk; checks at most once a second. */
    public void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - lastCheckNanos < RELOAD_CHECK_NANOS) {
            return;
        }
        lastCheckNanos = now;
        try {
            FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            if (modified == null ? loadedModified != null : !modified.equals(loadedModified)) {
                reload();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keys file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Re-reads the file now. */
    public synchronized void reload() {
        try {
            if (!Files.exists(file)) {
                keys = Map.of();
                loadedModified = null;
                return;
            }
            FileTime modified = Files.getLastModifiedTime(file);
            Map<String, ApiKey> loaded = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 7) {
                    throw new IllegalStateException("keys file " + file + " line " + (i + 1)
                        + " has " + f.length + " fields, expected 7: was it edited by hand? Restore it or recreate keys");
                }
                HexFormat hex = HexFormat.of();
                loaded.put(f[0], new ApiKey(f[0], f[1], Integer.parseInt(f[2]), hex.parseHex(f[3]), hex.parseHex(f[4]),
                    Long.parseLong(f[5]), Boolean.parseBoolean(f[6])));
            }
            keys = loaded;
            loadedModified = modified;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keys file " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(Map<String, ApiKey> next) {
        List<String> lines = new ArrayList<>();
        lines.add("# K2 API keys: id, name, rate/s, salt, sha256(salt||key), created (epoch s), revoked. Secrets are not stored.");
        HexFormat hex = HexFormat.of();
        for (ApiKey k : next.values()) {
            lines.add(String.join("\t", k.id(), k.name(), Integer.toString(k.ratePerSecond()), hex.formatHex(k.salt()),
                hex.formatHex(k.hash()), Long.toString(k.createdEpochSecond()), Boolean.toString(k.revoked())));
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".keys", ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keys file " + file + ": " + e.getMessage(), e);
        }
        reload();
    }

    private static byte[] hash(byte[] salt, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }
}
