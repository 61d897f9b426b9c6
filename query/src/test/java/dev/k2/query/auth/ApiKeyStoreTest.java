package dev.k2.query.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void addedKeyAuthenticatesAndTheFileNeverHoldsTheSecret() throws Exception {
        ApiKeyStore store = ApiKeyStore.open(dir.resolve("keys.tsv"));
        String key = store.add("alice", 50);

        Principal p = store.authenticate(key);

        assertThat(p.name()).isEqualTo("alice");
        assertThat(p.rateLimit().ratePerSecond()).isEqualTo(50);
        String file = Files.readString(dir.resolve("keys.tsv"));
        assertThat(file).contains("alice").doesNotContain(key).doesNotContain(key.substring(12));
    }

    @Test
    void wrongMissingMalformedAndUnknownKeysAreUnauthenticated() {
        ApiKeyStore store = ApiKeyStore.open(dir.resolve("keys.tsv"));
        String key = store.add("bob", 10);
        String wrongSecret = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        String unknownId = "k2_00000000_" + key.substring(12);

        for (String bad : new String[] {null, "", "nonsense", wrongSecret, unknownId}) {
            assertThatThrownBy(() -> store.authenticate(bad))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        }
    }

    @Test
    void revokedKeyIsForbiddenAlsoForAStoreThatLoadedItBefore() {
        Path file = dir.resolve("keys.tsv");
        ApiKeyStore server = ApiKeyStore.open(file);
        ApiKeyStore admin = ApiKeyStore.open(file);
        String key = admin.add("carol", 10);
        server.reload();
        assertThat(server.authenticate(key).name()).isEqualTo("carol");

        assertThat(admin.revoke("carol")).isTrue();
        server.reload();

        assertThatThrownBy(() -> server.authenticate(key))
            .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(admin.revoke("carol")).isFalse();
    }

    @Test
    void duplicateActiveNamesAndInvalidNamesAreRefused() {
        ApiKeyStore store = ApiKeyStore.open(dir.resolve("keys.tsv"));
        store.add("dave", 1);
        assertThatThrownBy(() -> store.add("dave", 1)).hasMessageContaining("exists");
        assertThatThrownBy(() -> store.add("bad name", 1)).hasMessageContaining("invalid");
        assertThatThrownBy(() -> store.add("eve", 0)).hasMessageContaining("at least 1");
    }

    @Test
    void tokenBucketAllowsBurstThenRefillsAtItsRate() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);
        int allowed = 0;
        for (int i = 0; i < 20; i++) {
            allowed += bucket.tryAcquire(0) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(10);
        assertThat(bucket.tryAcquire(50_000_000L)).isFalse();   // half a token
        assertThat(bucket.tryAcquire(100_000_000L)).isTrue();   // one token after 100 ms
        assertThat(bucket.tryAcquire(100_000_000L)).isFalse();
    }
}
