package dev.k2.feeds.support;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared sample data ({@code ../shared/data} beside the repository). Surefire passes it as
 * the {@code k2.shared.data} property; elsewhere (an IDE) it is looked up from the repository root;
 * a clone with none beside it follows its origin when that is a local checkout.
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
            Path origin = besideOrigin();
            dir = origin != null && Files.isDirectory(origin) ? origin : dir;
        }
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

    /**
     * {@code ../shared/data} beside the checkout this one was cloned from, when its origin is a local
     * path: a fresh clone in a scratch folder (how CI is rehearsed) still reads the one shared copy.
     */
    private static Path besideOrigin() {
        Path root = repositoryRoot();
        Path config = root == null ? null : root.resolve(".git/config");
        if (config == null || !Files.isRegularFile(config)) {
            return null;
        }
        try {
            boolean inOrigin = false;
            for (String line : Files.readAllLines(config)) {
                String t = line.trim();
                if (t.startsWith("[")) {
                    inOrigin = t.equals("[remote \"origin\"]");
                } else if (inOrigin && t.startsWith("url")) {
                    String url = t.substring(t.indexOf('=') + 1).trim();
                    if (url.startsWith("file://")) {
                        url = url.substring("file://".length());
                    }
                    return url.startsWith("/") ? Path.of(url).resolve("../shared/data").normalize() : null;
                }
            }
        } catch (java.io.IOException e) {
            return null; // no origin to follow: the usual message names what is missing
        }
        return null;
    }

    private static Path repositoryRoot() {
        for (Path candidate = Path.of("").toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("jvm.options")) && Files.isDirectory(candidate.resolve("engine"))) {
                return candidate;
            }
        }
        return null;
    }

    private static Path besideRepositoryRoot() {
        Path root = repositoryRoot();
        return (root != null ? root : Path.of("").toAbsolutePath()).resolve("../shared/data").normalize();
    }
}
