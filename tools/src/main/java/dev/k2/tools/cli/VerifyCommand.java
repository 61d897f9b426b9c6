package dev.k2.tools.cli;

import dev.k2.config.K2Settings;
import dev.k2.engine.sequence.SequenceRules;
import dev.k2.persistence.deadletter.DeadLetterReader;
import dev.k2.tools.verify.InstrumentReport;
import dev.k2.tools.verify.JournalVerifier;
import dev.k2.tools.verify.VerifyReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {
        "Read the whole journal and check that it is readable and consistent.",
        "Every excerpt decodes, no duplicate was journaled, each tick's recorded sequence class is",
        "reproduced, each gap has its marker. Prints per instrument:",
        "count, first and last exchange time, gaps, numbers still missing, duplicates rejected.",
        "Exit status 0 when the journal is readable and consistent, 1 otherwise."})
public final class VerifyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        VerifyReport report = JournalVerifier.verify(common.existingJournal(), SequenceRules.from(common.config()),
            common.config().get(K2Settings.DEDUP_WINDOW));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long deadLetters = DeadLetterReader.readAll(common.dataDirectory().deadLetters(), letter -> { });
        if (common.json()) {
            Map<String, Object> instruments = new LinkedHashMap<>();
            report.instruments().forEach((symbol, r) -> instruments.put(symbol, new Json()
                .put("venue", r.venue()).put("count", r.count()).put("trades", r.trades()).put("quotes", r.quotes())
                .put("firstExchangeTime", Times.iso(r.firstExchangeTimeNs()))
                .put("lastExchangeTime", Times.iso(r.lastExchangeTimeNs()))
                .put("gaps", r.gaps()).put("missing", r.missingOpen()).put("duplicates", r.duplicatesRejected())
                .put("outOfOrder", r.outOfOrder()).put("resets", r.resets())));
            System.out.println(new Json().put("consistent", report.consistent()).put("records", report.records())
                .put("ticks", report.ticks()).put("excerpts", report.excerpts()).put("instruments", instruments)
                .put("deadLetters", deadLetters)
                .put("problems", report.problems()).put("problemCount", report.problemCount())
                .put("elapsedMs", elapsedMs));
        } else {
            System.out.printf("%-12s %-6s %12s %-30s %-30s %6s %8s %10s%n", "symbol", "venue", "count",
                "first exchange time", "last exchange time", "gaps", "missing", "duplicates");
            for (Map.Entry<String, InstrumentReport> e : report.instruments().entrySet()) {
                InstrumentReport r = e.getValue();
                System.out.printf("%-12s %-6s %,12d %-30s %-30s %,6d %,8d %,10d%n", e.getKey(), r.venue(), r.count(),
                    Times.iso(r.firstExchangeTimeNs()), Times.iso(r.lastExchangeTimeNs()), r.gaps(), r.missingOpen(),
                    r.duplicatesRejected());
            }
            System.out.printf("%,d records (%,d ticks) in %,d excerpts, read in %,d ms: %s%n", report.records(),
                report.ticks(), report.excerpts(), elapsedMs,
                report.consistent() ? "consistent" : report.problemCount() + " PROBLEMS");
            report.problems().forEach(p -> System.out.println("  " + p));
            if (deadLetters > 0) {
                System.out.printf("%,d rejected inputs in the dead-letter journal (k2 dump --dead-letters)%n", deadLetters);
            }
        }
        return report.consistent() ? 0 : 1;
    }
}
