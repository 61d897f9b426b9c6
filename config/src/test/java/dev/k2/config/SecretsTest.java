package dev.k2.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void passwordsInCatalogUrisAreHiddenAndTheRestIsKept() {
        assertThat(Secrets.redact("jdbc:postgresql://127.0.0.1:5432/k2?user=k2&password=s3cr&t=x"))
            .isEqualTo("jdbc:postgresql://127.0.0.1:5432/k2?user=k2&password=***&t=x");
        assertThat(Secrets.redact("jdbc:postgresql://k2:hunter2@db:5432/k2")).isEqualTo("jdbc:postgresql://k2:***@db:5432/k2");
        assertThat(Secrets.redact("jdbc:sqlite:/data/cold/catalog.db")).isEqualTo("jdbc:sqlite:/data/cold/catalog.db");
        assertThat(Secrets.holdsSecret("http://127.0.0.1:8181")).isFalse();
    }

    @Test
    void theConfigurationDescriptionNeverShowsAPassword() {
        K2Config config = K2Config.load(null, Map.of("cold.catalog.uri", "jdbc:postgresql://db/k2?user=k2&password=hunter2"));
        assertThat(config.describe()).contains("password=***").doesNotContain("hunter2");
    }
}
