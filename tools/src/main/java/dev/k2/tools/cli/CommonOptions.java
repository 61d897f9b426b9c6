package dev.k2.tools.cli;

import dev.k2.config.K2Config;
import dev.k2.config.K2Settings;
import dev.k2.persistence.DataDirectory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes: where the data is, configuration, and JSON output. */
public final class CommonOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Data directory (journal, dead letters). Default: setting data.dir, ./k2-data")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (see `k2 config --print`).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set engine.threading=per-stage.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print a machine-readable JSON summary instead of text.")
    boolean json;

    private K2Config config;

    /** The effective configuration (validated once). */
    public K2Config config() {
        if (config == null) {
            config = load(dataDir);
        }
        return config;
    }

    /** The same configuration with another data directory. */
    public K2Config configFor(Path otherDataDir) {
        return load(otherDataDir);
    }

    private K2Config load(Path dir) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        if (dir != null) {
            all.put(K2Settings.DATA_DIR.name(), dir.toString());
        }
        return K2Config.load(configFile, all);
    }

    public DataDirectory dataDirectory() {
        return new DataDirectory(Path.of(config().get(K2Settings.DATA_DIR)));
    }

    /** The journal directory, or a clear error when there is none yet. */
    public Path existingJournal() {
        DataDirectory dir = dataDirectory();
        if (!dir.hasJournal()) {
            throw new IllegalArgumentException("no journal in " + dir.journal()
                + ": run `k2 ingest` or `k2 demo` first, or pass --data-dir DIR");
        }
        return dir.journal();
    }

    public boolean json() {
        return json;
    }
}
