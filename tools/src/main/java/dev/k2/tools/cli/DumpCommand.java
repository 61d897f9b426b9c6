package dev.k2.tools.cli;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.Scaled;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.tick.VendorData;
import dev.k2.persistence.deadletter.DeadLetterReader;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.persistence.journal.JournalVisitor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dump", mixinStandardHelpOptions = true,
    description = {
        "Print journal records readably, or the dead letters.",
        "Instrument definitions, ticks and markers (gap, reset, duplicate run), each with its",
        "address INDEX:RECORD (the excerpt index is hex).",
        "With --json, one JSON object per record.",
        "With --dead-letters, print the dead-letter journal instead."})
public final class DumpCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--follow", description = "Keep printing records as they are appended, until interrupted.")
    boolean follow;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "Stop after N records.")
    long limit;

    @Option(names = "--from-index", paramLabel = "N", description = "Start at this excerpt index (hex).")
    String fromIndex;

    @Option(names = "--since", paramLabel = "TIME", description = "Start at journal time TIME (binary search), e.g. 2026-11-27T10:00:00Z.")
    String since;

    @Option(names = "--dead-letters", description = "Dump the dead-letter journal (rejected input) instead.")
    boolean deadLetters;

    private long printed;

    @Override
    public Integer call() {
        if (deadLetters) {
            DeadLetterReader.readAll(common.dataDirectory().deadLetters(), d -> {
                if (limit < 0 || printed < limit) {
                    printed++;
                    if (common.json()) {
                        System.out.println(new Json().put("index", Long.toHexString(d.index()))
                            .put("reason", String.valueOf(d.reason())).put("source", d.source())
                            .put("position", d.position()).put("message", d.message())
                            .put("raw", new String(d.raw(), StandardCharsets.UTF_8)));
                    } else {
                        System.out.printf("%x %s:%d %s: %s | %s%n", d.index(), d.source(), d.position(), d.reason(),
                            d.message(), new String(d.raw(), StandardCharsets.UTF_8));
                    }
                }
            });
            return 0;
        }
        InstrumentRegistry registry = new InstrumentRegistry();
        try (JournalReader reader = new JournalReader(common.existingJournal(), registry)) {
            if (fromIndex != null && !reader.seek(ReplayCommand.parseIndex("--from-index", fromIndex))) {
                throw new IllegalArgumentException("--from-index " + fromIndex + " is not in the journal");
            }
            if (since != null && fromIndex != null) {
                throw new IllegalArgumentException("--since and --from-index both say where to start: pass one");
            }
            if (since != null) {
                reader.seekToJournalTime(Times.parseEpochNanos("--since", since));
            }
            JournalVisitor printer = new Printer(registry);
            reader.readAll(printer);
            while (follow && !printer.done()) {
                if (reader.readAll(printer) == 0) {
                    LockSupport.parkNanos(20_000_000L);
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        System.out.flush();
        return 0;
    }

    private final class Printer implements JournalVisitor {
        private final InstrumentRegistry registry;
        private final StringBuilder line = new StringBuilder(256);

        Printer(InstrumentRegistry registry) {
            this.registry = registry;
        }

        private String name(int instrumentId) {
            Instrument instrument = registry.byId(instrumentId);
            return instrument == null ? "#" + instrumentId : instrument.venue() + ":" + instrument.symbol();
        }

        private void emit(long index, int record, String text) {
            if (done()) {
                return; // the limit can fall inside an excerpt
            }
            printed++;
            System.out.printf("%x:%d %s%n", index, record, text);
        }

        /** With --json: one JSON object per record. */
        private boolean emitJson(long index, int record, String type, Json fields) {
            if (!common.json()) {
                return false;
            }
            if (!done()) {
                printed++;
                System.out.println(new Json().put("index", Long.toHexString(index)).put("record", record)
                    .put("type", type).put("fields", fields));
            }
            return true;
        }

        @Override
        public void onInstrument(long index, int record, Instrument instrument) {
            if (emitJson(index, record, "INSTRUMENT", new Json().put("id", instrument.id()).put("venue", instrument.venue())
                .put("symbol", instrument.symbol()).put("assetClass", String.valueOf(instrument.assetClass())))) {
                return;
            }
            emit(index, record, "INSTRUMENT id=" + instrument.id() + " " + instrument.venue() + ":" + instrument.symbol()
                + " " + instrument.assetClass());
        }

        @Override
        public void onTick(long index, int record, TickEvent t) {
            if (done()) {
                return;
            }
            if (common.json()) {
                emitJson(index, record, t.kind.name(), new Json().put("symbol", name(t.instrumentId))
                    .put("channel", t.channel).put("sourceSeq", t.sourceSeq).put("tradeId", t.tradeId)
                    .put("exchangeTime", Times.iso(t.exchangeTimeNs)).put("receiveTime", Times.iso(t.receiveTimeNs))
                    .put("side", t.side.name()).put("price", Scaled.toString(t.price))
                    .put("quantity", Scaled.toString(t.quantity)).put("bidPrice", Scaled.toString(t.bidPrice))
                    .put("bidSize", Scaled.toString(t.bidSize)).put("askPrice", Scaled.toString(t.askPrice))
                    .put("askSize", Scaled.toString(t.askSize)).put("conditions", t.conditions)
                    .put("sequenceClass", t.sequenceClass.name())
                    .put("vendorData", VendorData.toMap(t.vendorData, 0, t.vendorLength)));
                return;
            }
            StringBuilder b = line;
            b.setLength(0);
            b.append(t.kind).append(' ').append(name(t.instrumentId)).append(" ch=").append(t.channel)
                .append(" seq=").append(t.sourceSeq);
            if (t.tradeId >= 0) {
                b.append(" id=").append(t.tradeId);
            }
            b.append(' ').append(Times.iso(t.exchangeTimeNs));
            if (t.kind == TickKind.TRADE) {
                b.append(" px=");
                Scaled.append(b, t.price).append(" qty=");
                Scaled.append(b, t.quantity).append(" side=").append(t.side);
            } else {
                b.append(" bid=");
                Scaled.append(b, t.bidPrice).append('x');
                Scaled.append(b, t.bidSize).append(" ask=");
                Scaled.append(b, t.askPrice).append('x');
                Scaled.append(b, t.askSize);
            }
            b.append(' ').append(t.sequenceClass);
            if (t.vendorLength > 0) {
                b.append(' ').append(VendorData.toMap(t.vendorData, 0, t.vendorLength));
            }
            emit(index, record, b.toString());
        }

        @Override
        public void onGap(long index, int record, int instrumentId, int channel, long from, long to, long atNs) {
            if (emitJson(index, record, "GAP", new Json().put("symbol", name(instrumentId)).put("channel", channel)
                .put("from", from).put("to", to).put("detectedAt", Times.iso(atNs)))) {
                return;
            }
            emit(index, record, "GAP " + name(instrumentId) + " ch=" + channel + " missing " + from + ".." + to
                + " (" + (to - from + 1) + ") detected " + Times.iso(atNs));
        }

        @Override
        public void onReset(long index, int record, int instrumentId, int channel, long oldHighWaterMark, long newSeq,
                            long atNs) {
            if (emitJson(index, record, "RESET", new Json().put("symbol", name(instrumentId)).put("channel", channel)
                .put("oldHighWaterMark", oldHighWaterMark).put("newSeq", newSeq).put("at", Times.iso(atNs)))) {
                return;
            }
            emit(index, record, "RESET " + name(instrumentId) + " ch=" + channel + " " + oldHighWaterMark + " -> "
                + newSeq + " at " + Times.iso(atNs));
        }

        @Override
        public void onDuplicates(long index, int record, int instrumentId, int channel, long first, long last,
                                 long count, long atNs) {
            if (emitJson(index, record, "DUPLICATES", new Json().put("symbol", name(instrumentId)).put("channel", channel)
                .put("count", count).put("first", first).put("last", last).put("at", Times.iso(atNs)))) {
                return;
            }
            emit(index, record, "DUPLICATES " + name(instrumentId) + " ch=" + channel + " " + count + " rejected, keys "
                + first + ".." + last);
        }

        @Override
        public void onCorrupt(long index, String problem) {
            System.out.printf("%x CORRUPT %s%n", index, problem);
        }

        @Override
        public boolean done() {
            return limit >= 0 && printed >= limit;
        }
    }
}
