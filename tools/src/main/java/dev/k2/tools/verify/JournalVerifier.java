package dev.k2.tools.verify;

import dev.k2.engine.dedup.StreamTable;
import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.sequence.SequenceClass;
import dev.k2.engine.sequence.SequenceRules;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the whole journal and checks it is readable and consistent: every excerpt decodes; every
 * tick names a defined instrument; re-running dedup and the sequence check over the journaled ticks
 * (a fresh {@link StreamTable}) finds no duplicate and reproduces each tick's recorded class; each
 * gap-revealing tick follows the gap marker for exactly its missing range.
 */
public final class JournalVerifier implements JournalVisitor {
    private static final int MAX_LISTED_PROBLEMS = 20;

    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final StreamTable streams;
    private final Map<Integer, InstrumentReport> byId = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long problemCount;
    private long records;
    private long ticks;
    private final Map<Long, long[]> pendingGap = new HashMap<>();
    private final TickEvent probe = new TickEvent().clear();

    private JournalVerifier(SequenceRules rules, int windowSize) {
        this.streams = new StreamTable(rules, windowSize);
    }

    public static VerifyReport verify(Path journalDir, SequenceRules rules, int windowSize) {
        JournalVerifier verifier = new JournalVerifier(rules, windowSize);
        long excerpts;
        try (JournalReader reader = new JournalReader(journalDir, verifier.registry)) {
            excerpts = reader.readAll(verifier);
        }
        return verifier.report(excerpts);
    }

    private void problem(String text) {
        problemCount++;
        if (problems.size() < MAX_LISTED_PROBLEMS) {
            problems.add(text);
        }
    }

    private InstrumentReport report(int instrumentId, long index) {
        InstrumentReport report = byId.get(instrumentId);
        if (report == null) {
            Instrument instrument = registry.byId(instrumentId);
            if (instrument == null) {
                problem("excerpt " + Long.toHexString(index) + ": record names instrument id " + instrumentId
                    + " before any definition of it");
                instrument = new Instrument(instrumentId, "?", "#" + instrumentId, null);
            }
            report = new InstrumentReport(instrument.venue(), instrument.symbol());
            byId.put(instrumentId, report);
        }
        return report;
    }

    @Override
    public void onInstrument(long index, int record, Instrument instrument) {
        records++;
    }

    @Override
    public void onTick(long index, int record, TickEvent tick) {
        records++;
        ticks++;
        InstrumentReport report = report(tick.instrumentId, index);
        report.count++;
        if (tick.kind == TickKind.TRADE) {
            report.trades++;
        } else {
            report.quotes++;
        }
        report.firstExchangeTimeNs = Math.min(report.firstExchangeTimeNs, tick.exchangeTimeNs);
        report.lastExchangeTimeNs = Math.max(report.lastExchangeTimeNs, tick.exchangeTimeNs);
        if (tick.sequenceClass == SequenceClass.OUT_OF_ORDER) {
            report.outOfOrder++;
        }
        SequenceClass recorded = tick.sequenceClass;
        probe.copyCoreFrom(tick);
        SequenceClass again = streams.classify(probe);
        String where = "excerpt " + Long.toHexString(index) + " record " + record + " (" + report.symbol
            + " channel " + tick.channel + " seq " + tick.sourceSeq + ")";
        if (again == SequenceClass.DUPLICATE) {
            problem(where + ": journal holds a duplicate");
        } else if (again != recorded) {
            problem(where + ": recorded as " + recorded + " but the journal before it makes it " + again
                + " (were sequence settings changed between runs?)");
        }
        long key = StreamTable.streamKey(tick.instrumentId, tick.channel);
        long[] gap = pendingGap.remove(key);
        if (again == SequenceClass.GAP && (gap == null || gap[0] != probe.gapFrom || gap[1] != probe.gapTo)) {
            problem(where + ": reveals gap " + probe.gapFrom + ".." + probe.gapTo + " without its gap marker");
        }
    }

    @Override
    public void onGap(long index, int record, int instrumentId, int channel, long from, long to, long atNs) {
        records++;
        report(instrumentId, index).gaps++;
        pendingGap.put(StreamTable.streamKey(instrumentId, channel), new long[] {from, to});
    }

    @Override
    public void onReset(long index, int record, int instrumentId, int channel, long oldHighWaterMark, long newSeq,
                        long atNs) {
        records++;
        report(instrumentId, index).resets++;
    }

    @Override
    public void onDuplicates(long index, int record, int instrumentId, int channel, long first, long last, long count,
                             long atNs) {
        records++;
        report(instrumentId, index).duplicatesRejected += count;
    }

    @Override
    public void onCorrupt(long index, String problem) {
        problem("excerpt " + Long.toHexString(index) + " is corrupt: " + problem);
    }

    private VerifyReport report(long excerpts) {
        byId.forEach((id, report) -> report.missingOpen = streams.missing(id));
        Map<String, Integer> symbolUses = new HashMap<>();
        byId.values().forEach(r -> symbolUses.merge(r.symbol, 1, Integer::sum));
        Map<String, InstrumentReport> bySymbol = new LinkedHashMap<>();
        new TreeMap<>(byId).values().forEach(r ->
            bySymbol.put(symbolUses.get(r.symbol) > 1 ? r.venue + ":" + r.symbol : r.symbol, r));
        return new VerifyReport(records, ticks, excerpts, bySymbol, List.copyOf(problems), problemCount);
    }
}
