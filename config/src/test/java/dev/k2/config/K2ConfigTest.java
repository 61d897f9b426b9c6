package dev.k2.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K2ConfigTest {

    @Test
    void defaultsAreValidAndIdleFriendly() {
        K2Config config = K2Config.defaults();
        assertThat(config.get(K2Settings.WAIT_STRATEGY)).isEqualTo("lite-blocking");
        assertThat(config.get(K2Settings.RING_SIZE)).isEqualTo(65_536);
        assertThat(config.source(K2Settings.RING_SIZE)).isEqualTo(K2Config.Source.DEFAULT);
    }

    @Test
    void flagsOverrideFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k2.properties");
        Files.writeString(file, "engine.ringSize=1024\ndedup.windowSize=128\n");
        K2Config config = K2Config.load(file, Map.of("engine.ringSize", "2048"));
        assertThat(config.get(K2Settings.RING_SIZE)).isEqualTo(2048);
        assertThat(config.source(K2Settings.RING_SIZE)).isEqualTo(K2Config.Source.FLAG);
        assertThat(config.get(K2Settings.DEDUP_WINDOW)).isEqualTo(128);
        assertThat(config.source(K2Settings.DEDUP_WINDOW)).isEqualTo(K2Config.Source.FILE);
        assertThat(config.describe()).contains("engine.ringSize = 2048").contains("# flag");
    }

    @Test
    void reportsEveryProblemWithKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> K2Config.load(null, Map.of(
            "engine.ringSize", "1000",
            "engine.threading", "many",
            "journal.batchRecords", "x",
            "no.such.key", "1")))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(4))
            .hasMessageContaining("engine.ringSize = '1000': must be a power of two from 64 to 16777216")
            .hasMessageContaining("engine.threading = 'many': must be one of fused, per-stage")
            .hasMessageContaining("journal.batchRecords = 'x': not an integer")
            .hasMessageContaining("no.such.key: unknown setting");
    }

    @Test
    void refusesMoreThanOneSpinningThread() {
        assertThatThrownBy(() -> K2Config.load(null, Map.of(
            "engine.waitStrategy", "busy-spin", "engine.threading", "per-stage")))
            .hasMessageContaining("at most one thread may spin");
        assertThat(K2Config.load(null, Map.of("engine.waitStrategy", "busy-spin")).get(K2Settings.THREADING))
            .isEqualTo("fused");
    }

    @Test
    void missingConfigFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> K2Config.load(dir.resolve("absent.properties"), Map.of()))
            .hasMessageContaining("cannot read config file").hasMessageContaining("--config");
    }
}
