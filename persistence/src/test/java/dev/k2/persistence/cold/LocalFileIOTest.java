package dev.k2.persistence.cold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The buffered local output: positions, contents, create-new versus overwrite. */
@Timeout(10)
class LocalFileIOTest {
    @TempDir
    Path dir;

    @Test
    void writesSmallAndLargePiecesInOrderAndReportsThePosition() throws IOException {
        LocalFileIO io = new LocalFileIO();
        String location = dir.resolve("a/b/file.bin").toUri().toString();
        byte[] large = new byte[600 * 1024];
        Arrays.fill(large, (byte) 7);
        try (PositionOutputStream out = io.newOutputFile(location).create()) {
            out.write(1);
            out.write(new byte[] {2, 3}, 0, 2);
            assertThat(out.getPos()).isEqualTo(3);
            out.write(large, 0, large.length);
            out.write(9);
            assertThat(out.getPos()).isEqualTo(3 + large.length + 1);
        }
        byte[] read = Files.readAllBytes(dir.resolve("a/b/file.bin"));
        assertThat(read).hasSize(3 + large.length + 1);
        assertThat(Arrays.copyOf(read, 3)).containsExactly(1, 2, 3);
        assertThat(read[3]).isEqualTo((byte) 7);
        assertThat(read[read.length - 1]).isEqualTo((byte) 9);
        assertThat(io.newInputFile(location).getLength()).isEqualTo(read.length);
    }

    @Test
    void createRefusesAnExistingFileAndCreateOrOverwriteTruncatesIt() throws IOException {
        LocalFileIO io = new LocalFileIO();
        String location = dir.resolve("file.bin").toString();
        OutputFile file = io.newOutputFile(location);
        try (PositionOutputStream out = file.create()) {
            out.write(new byte[100], 0, 100);
        }
        assertThatThrownBy(file::create).isInstanceOf(AlreadyExistsException.class);
        try (PositionOutputStream out = file.createOrOverwrite()) {
            out.write(5);
        }
        assertThat(Files.readAllBytes(dir.resolve("file.bin"))).containsExactly(5);
    }
}
