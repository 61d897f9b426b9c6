package dev.k2.tools.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's {@code bin/k2-tmp}: each k2 JVM gets a temporary folder named for its process id,
 * and the folders of processes that no longer run (where a killed JVM left DuckDB's 71 MB native
 * library) are removed before a new one is made; a running process's folder is never touched.
 */
class PrivateTempFolderTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void removesTheFoldersOfProcessesThatAreGoneAndKeepsThoseOfRunningOnes() throws Exception {
        long uid = (Integer) Files.getAttribute(tmp, "unix:uid");
        String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replaceAll("[^0-9]", "");
        Path base = Files.createDirectories(tmp.resolve("k2-" + uid + "-" + namespace));
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor(30, TimeUnit.SECONDS);
        Path dead = leaveLibraryIn(base.resolve(Long.toString(finished.pid())));
        Path running = leaveLibraryIn(base.resolve(Long.toString(ProcessHandle.current().pid())));
        Path notAProcess = leaveLibraryIn(base.resolve("keep-me"));
        Path stale = leaveLibraryIn(base.resolve("4000001"));

        String folder = privateTmp(4_000_001);

        assertThat(folder).isEqualTo(base.resolve("4000001").toString());
        assertThat(Path.of(folder)).isEmptyDirectory();
        assertThat(stale.resolve("libduckdb_java1.so")).as("left by an earlier process with the same id").doesNotExist();
        assertThat(dead).as("the folder of a process that has exited").doesNotExist();
        assertThat(running.resolve("libduckdb_java1.so")).as("the folder of this running JVM").exists();
        assertThat(notAProcess.resolve("libduckdb_java1.so")).as("a folder not named for a process").exists();
    }

    @Test
    @Timeout(60)
    void refusesAParentFolderThatIsALinkAndTouchesNothingBehindIt() throws Exception {
        long uid = (Integer) Files.getAttribute(tmp, "unix:uid");
        String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replaceAll("[^0-9]", "");
        Path elsewhere = leaveLibraryIn(tmp.resolve("elsewhere/12345")).getParent();
        Files.createSymbolicLink(tmp.resolve("k2-" + uid + "-" + namespace), elsewhere);

        assertThat(privateTmp(4_000_002)).as("no folder: the JVM's default is used")
            .contains("is not a folder of this user's");
        assertThat(elsewhere.resolve("12345/libduckdb_java1.so")).exists();
    }

    private static Path leaveLibraryIn(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("libduckdb_java1.so"), "native library");
        return folder;
    }

    /** Runs {@code k2_private_tmp pid} from bin/k2-tmp with TMPDIR set to this test's folder; its output. */
    private String privateTmp(long pid) throws Exception {
        Path script = repositoryRoot().resolve("bin/k2-tmp");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", ". \"$1\" && k2_private_tmp \"$2\"", "_",
            script.toString(), Long.toString(pid)).redirectErrorStream(true);
        bash.environment().put("TMPDIR", tmp.toString());
        Process p = bash.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("k2_private_tmp: " + out).isZero();
        return out;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bin/k2-tmp"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("bin/k2-tmp above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
