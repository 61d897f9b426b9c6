package dev.k2.tools.cli;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import dev.k2.query.auth.ApiKeyStore;
import dev.k2.tools.CommandLineRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path dir;

    @Test
    void addPrintsTheKeyOnceAndStoresOnlyItsHashInTheDataDirectory() throws Exception {
        CommandLineRun add = k2("keys", "add", "alice", "--rate", "25", "--data-dir", dir.toString());

        assertThat(add.exitCode()).isZero();
        String key = add.out().trim();
        assertThat(key).startsWith("k2_");
        Path file = dir.resolve(ApiKeyStore.DEFAULT_FILE);
        assertThat(Files.readString(file)).contains("alice").doesNotContain(key);
        assertThat(ApiKeyStore.open(file).authenticate(key).rateLimit().ratePerSecond()).isEqualTo(25);

        CommandLineRun list = k2("keys", "list", "--data-dir", dir.toString());
        assertThat(list.out()).contains("alice").contains("active").doesNotContain(key);
    }

    @Test
    void revokedKeyIsRefusedAndRevokingAnUnknownNameIsAClearError() {
        String key = k2("keys", "add", "bob", "--data-dir", dir.toString()).out().trim();

        assertThat(k2("keys", "revoke", "bob", "--data-dir", dir.toString()).exitCode()).isZero();

        ApiKeyStore store = ApiKeyStore.open(dir.resolve(ApiKeyStore.DEFAULT_FILE));
        try {
            store.authenticate(key);
            throw new AssertionError("revoked key was accepted");
        } catch (QueryException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
        CommandLineRun again = k2("keys", "revoke", "bob", "--data-dir", dir.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("no active key named 'bob'").contains("k2 keys list");
    }

    @Test
    void badNameIsAUsageErrorThatNamesTheRule() {
        CommandLineRun bad = k2("keys", "add", "no spaces", "--data-dir", dir.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("A-Z a-z 0-9");
    }
}
