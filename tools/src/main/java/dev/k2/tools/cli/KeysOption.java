package dev.k2.tools.cli;

import dev.k2.query.auth.ApiKeyStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --keys FILE}: the API keys file, by default {@code keys.tsv} in the data directory. */
public final class KeysOption {
    @Option(names = "--keys", paramLabel = "FILE",
        description = "API keys file (hashes only). Default: DIR/" + ApiKeyStore.DEFAULT_FILE)
    Path keysFile;

    public Path file(CommonOptions common) {
        return keysFile != null ? keysFile : common.dataDirectory().root().resolve(ApiKeyStore.DEFAULT_FILE);
    }
}
