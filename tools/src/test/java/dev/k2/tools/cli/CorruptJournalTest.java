package dev.k2.tools.cli;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.persistence.journal.Queues;
import dev.k2.tools.CommandLineRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class CorruptJournalTest {
    @TempDir
    Path dir;

    @Test
    void verifyFailsOnAnExcerptThatIsNotK2AndIngestRefusesToBuildOnIt() throws IOException {
        Path data = dir.resolve("data");
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "03/10/2014,10:00:00.000,36.80,100,0,,\n03/10/2014,10:00:00.001,36.81,100,0,,\n");
        assertThat(k2("ingest", "--format", "asx-trades", "--symbol", "BHP", "--data-dir", data.toString(),
            file.toString()).exitCode()).isZero();
        assertThat(k2("verify", "--data-dir", data.toString()).exitCode()).isZero();

        try (SingleChronicleQueue queue = Queues.openForWrite(data.resolve("journal"), "FAST_HOURLY");
             ExcerptAppender appender = queue.createAppender();
             DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        }

        CommandLineRun verify = k2("verify", "--data-dir", data.toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("1 PROBLEMS").contains("is corrupt: excerpt is not a K2 journal excerpt");

        CommandLineRun ingest = k2("ingest", "--format", "asx-trades", "--symbol", "BHP", "--data-dir", data.toString(),
            file.toString());
        assertThat(ingest.exitCode()).isEqualTo(1);
        assertThat(ingest.err()).contains("cannot be decoded").contains("k2 verify");
    }
}
