package dev.k2.persistence.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.journal.RejectReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterJournalTest {
    @Test
    void rejectedInputIsKeptWithRawBytesSourceLineAndReason(@TempDir Path dir) {
        byte[] line = "03/10/2014,10:00:00.000,12.3x,100,0,,\n".getBytes(StandardCharsets.US_ASCII);
        try (DeadLetterJournal journal = new DeadLetterJournal(dir, "FAST_HOURLY", () -> 42L)) {
            journal.reject(line, 0, line.length - 1, "trades/7078.csv", 17, RejectReason.BAD_NUMBER,
                "field 3 (price) '12.3x' is not a decimal");
        }
        List<DeadLetter> read = new ArrayList<>();
        assertThat(DeadLetterReader.readAll(dir, read::add)).isEqualTo(1);
        DeadLetter letter = read.get(0);
        assertThat(letter.reason()).isEqualTo(RejectReason.BAD_NUMBER);
        assertThat(letter.source()).isEqualTo("trades/7078.csv");
        assertThat(letter.position()).isEqualTo(17);
        assertThat(letter.rejectedAtNs()).isEqualTo(42L);
        assertThat(letter.message()).contains("12.3x");
        assertThat(new String(letter.raw(), StandardCharsets.US_ASCII)).isEqualTo("03/10/2014,10:00:00.000,12.3x,100,0,,");
    }

    @Test
    void cleanRunLeavesNoDeadLetterQueue(@TempDir Path dir) {
        new DeadLetterJournal(dir.resolve("dl"), "FAST_HOURLY", () -> 0L).close();
        assertThat(DeadLetterReader.readAll(dir.resolve("dl"), d -> { })).isZero();
        assertThat(dir.resolve("dl")).doesNotExist();
    }
}
