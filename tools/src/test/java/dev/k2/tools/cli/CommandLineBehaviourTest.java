package dev.k2.tools.cli;

import static dev.k2.tools.CommandLineRun.k2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.tools.CommandLineRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class CommandLineBehaviourTest {
    @TempDir
    Path dir;

    @Test
    void malformedLinesGoToTheDeadLetterJournalWithTheirLineNumbersAndTheFileGoesOn() throws IOException {
        Path file = dir.resolve("crafted.csv");
        Files.writeString(file, String.join("\n",
            "03/10/2014,10:00:00.000,36.80,100,0,,",
            "03/10/2014,10:00:00.001,36.8x,100,0,,",
            "03/10/2014,10:00:00.002,36.81,100,0,,",
            "03/10/2014,10:00:00.003,36.81",
            "13/45/2014,10:00:00.004,36.82,100,0,,",
            "03/10/2014,10:00:00.005,36.82,200,0,X,36.79",
            ""));
        CommandLineRun ingest = k2("ingest", "--format", "asx-trades", "--symbol", "BHP", "--json",
            "--data-dir", dir.resolve("data").toString(), file.toString());
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
        assertThat(ingest.number("read")).isEqualTo(6);
        assertThat(ingest.number("accepted")).isEqualTo(3);
        assertThat(ingest.number("deadLetters")).isEqualTo(3);

        CommandLineRun dump = k2("dump", "--dead-letters", "--data-dir", dir.resolve("data").toString());
        assertThat(dump.out()).contains(file + ":2 BAD_NUMBER").contains("36.8x");
        assertThat(dump.out()).contains(file + ":4 MALFORMED_LINE");
        assertThat(dump.out()).contains(file + ":5 BAD_TIME");
        assertThat(dump.out().lines()).hasSize(3);

        CommandLineRun records = k2("dump", "--data-dir", dir.resolve("data").toString());
        assertThat(records.out()).contains("INSTRUMENT id=1 ASX:BHP EQUITY")
            .contains("{qualifiers=0, venue=X, buyer_id=36.79}");
        // 1 definition, 3 ticks and the gap markers the dead-lettered rows left behind
        assertThat(records.out()).contains("GAP ASX:BHP ch=120140310 missing 1..1");

        CommandLineRun limited = k2("dump", "--limit", "2", "--data-dir", dir.resolve("data").toString());
        assertThat(limited.out().lines()).hasSize(2);

        CommandLineRun verify = k2("verify", "--json", "--data-dir", dir.resolve("data").toString());
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.number("deadLetters")).isEqualTo(3);
        assertThat(verify.number("instruments", "BHP", "count")).isEqualTo(3);
    }

    @Test
    void replayFromAnIndexPastTheInstrumentDefinitionStillFindsTheSymbol() throws IOException {
        Path file = dir.resolve("bhp.csv");
        Files.writeString(file, String.join("\n",
            "03/10/2014,10:00:00.000,36.80,100,0,,", "03/10/2014,10:00:00.001,36.81,100,0,,",
            "03/10/2014,10:00:00.002,36.82,100,0,,", "03/10/2014,10:00:00.003,36.83,100,0,,",
            "03/10/2014,10:00:00.004,36.84,100,0,,", ""));
        String data = dir.resolve("data").toString();
        assertThat(k2("ingest", "--format", "asx-trades", "--symbol", "BHP", "--set", "journal.batchRecords=1",
            "--data-dir", data, file.toString()).exitCode()).isZero();
        java.util.List<String> records = k2("dump", "--json", "--data-dir", data).out().lines().toList();
        assertThat(records).hasSize(6); // the definition, then one tick per excerpt
        String third = records.get(3).replaceAll(".*\"index\":\"([0-9a-f]+)\".*", "$1");
        CommandLineRun replay = k2("replay", "--from-index", third, "--symbol", "BHP", "--json", "--data-dir", data);
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.number("ticks")).isEqualTo(3);
    }

    @Test
    void demoRunsOnAFreshMachineAndAccountsForEveryInjectedFault() {
        CommandLineRun demo = k2("demo", "--ticks", "50000", "--json", "--data-dir", dir.toString());
        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("\"accountedFor\":true").contains("\"consistent\":true");
        assertThat(demo.number("ingest", "duplicates")).isEqualTo(demo.number("generated", "duplicatesInjected"));
        assertThat(demo.number("ingest", "duplicates")).isPositive();
        assertThat(demo.number("ingest", "gaps")).isPositive();
    }

    @Test
    void configPrintsEffectiveValuesAndRejectsBadOnesNamingKeyValueAndRule() throws IOException {
        Path config = dir.resolve("k2.properties");
        Files.writeString(config, "engine.threading=per-stage\n");
        CommandLineRun print = k2("config", "--print", "--config", config.toString(), "--set", "engine.ringSize=1024");
        assertThat(print.exitCode()).isZero();
        assertThat(print.out()).contains("engine.threading = per-stage    # file")
            .contains("engine.ringSize = 1024    # flag").contains("engine.waitStrategy = lite-blocking    # default");

        CommandLineRun bad = k2("config", "--set", "engine.ringSize=1000");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("engine.ringSize = '1000': must be a power of two");
    }

    @Test
    void commandsOnAnEmptyDataDirectorySayWhatToDo() {
        CommandLineRun verify = k2("verify", "--data-dir", dir.toString());
        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.err()).contains("no journal in").contains("k2 ingest").contains("k2 demo");
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        for (String command : new String[] {"ingest", "verify", "replay", "dump", "demo", "config"}) {
            CommandLineRun help = k2(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("--data-dir").contains("--json").contains("Usage: k2 " + command);
        }
    }

    @Test
    void unknownFormatIsAClearUsageError() {
        CommandLineRun run = k2("ingest", "--format", "csv", "--data-dir", dir.toString(), "x.csv");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("asx-trades").contains("asx-quotes");
    }
}
