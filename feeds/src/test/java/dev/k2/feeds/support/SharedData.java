package dev.k2.feeds.support;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared sample data ({@code ../shared/data} beside the repository). Surefire passes it as
 * the {@code k2.shared.data} property; elsewhere (an IDE) it is looked up from the repository root.
 * When it is missing, a CI run fails, since the tests that need it would prove nothing, and a local
 * run skips those tests.
 */
public final class SharedData {
    static final String MISSING =
        "../shared/data is missing: tests that read the ASX sample need it; clone the repository beside shared/";

    private SharedData() {
    }

    /** The shared data directory; fails (CI) or skips (elsewhere) the calling test when it is missing. */
    public static Path dir() {
        String property = System.getProperty("k2.shared.data");
        Path dir = property != null ? Path.of(property) : besideRepositoryRoot();
        if (!Files.isDirectory(dir)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(MISSING + " (looked for " + dir.toAbsolutePath().normalize() + ")");
            }
            assumeTrue(false, MISSING);
        }
        return dir;
    }

    /** A file under {@code shared/data/asx}, e.g. {@code asx("trades/7078.csv")}. */
    public static Path asx(String relative) {
        return dir().resolve("asx").resolve(relative);
    }

    private static Path besideRepositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("jvm.options")) && Files.isDirectory(candidate.resolve("engine"))) {
                return candidate.resolve("../shared/data").normalize();
            }
        }
        return start.resolve("../shared/data").normalize();
    }
}
