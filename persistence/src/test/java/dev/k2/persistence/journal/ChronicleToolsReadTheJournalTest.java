package dev.k2.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.tick.AssetClass;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.reader.ChronicleReader;
import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal is an ordinary Chronicle Queue: Chronicle's own reader lists its excerpts. */
class ChronicleToolsReadTheJournalTest {
    @Test
    void chronicleReaderSeesOneExcerptPerBatch(@TempDir Path dir) {
        InstrumentRegistry registry = new InstrumentRegistry();
        int id = registry.intern("TEST", "AAA", AssetClass.EQUITY).id();
        ChronicleJournalSink sink = new ChronicleJournalSink(dir, "FAST_HOURLY", 64, registry, new IntHashSet());
        sink.open();
        TickEvent tick = new TickEvent().clear();
        tick.instrumentId = id;
        tick.sequencePolicy = SequencePolicy.PERMANENT;
        tick.sequenceClass = SequenceClass.IN_ORDER;
        for (int batch = 0; batch < 3; batch++) {
            for (int i = 0; i < 10; i++) {
                tick.sourceSeq++;
                sink.appendTick(tick);
            }
            sink.flush();
        }
        sink.close();

        List<String> output = new ArrayList<>();
        new ChronicleReader().withBasePath(dir).withMessageSink(output::add).execute();
        // Chronicle prints each excerpt as "0x<index>: " followed by its bytes
        List<String> headers = output.stream().filter(line -> line.startsWith("0x")).toList();
        assertThat(headers).hasSize(3);
        long first = Long.parseLong(headers.get(0).substring(2, headers.get(0).indexOf(':')), 16);
        assertThat(headers.get(2)).startsWith("0x" + Long.toHexString(first + 2) + ":");
        assertThat(String.join("", output)).contains("TESTAAA"); // the instrument definition, in ASCII
    }
}
