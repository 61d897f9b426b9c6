package dev.k2.query.protocol;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.Bar;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.SnapshotRow;
import dev.k2.query.api.StatsRow;
import dev.k2.query.api.SymbolRow;
import dev.k2.query.api.TradeFields;
import dev.k2.query.api.TradeRow;
import dev.k2.query.protocol.sbe.BarBatchEncoder;
import dev.k2.query.protocol.sbe.InstrumentDefinitionEncoder;
import dev.k2.query.protocol.sbe.MessageHeaderEncoder;
import dev.k2.query.protocol.sbe.QuoteBatchEncoder;
import dev.k2.query.protocol.sbe.SideCode;
import dev.k2.query.protocol.sbe.SnapshotBatchEncoder;
import dev.k2.query.protocol.sbe.StatsBatchEncoder;
import dev.k2.query.protocol.sbe.SymbolBatchEncoder;
import dev.k2.query.protocol.sbe.TradeBatchEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes result rows into batch frames of at most {@code batchBytes} (plus one row for the rows
 * that carry strings), one connection's worth of state: the instrument dictionary.
 *
 * <p><b>Instrument ids.</b> Trade, quote and bar rows carry an {@code int32 instrumentId} instead of
 * venue and symbol strings (a trade row is 81 bytes instead of ~100, and no string is encoded or
 * decoded per row). Ids are scoped to the connection, assigned from 1 in order of first use, never
 * reused, and defined by an {@code InstrumentDefinition} frame written just before the first batch
 * frame that uses them. Frames of one connection are written by one thread in order, so a client
 * always knows an id before it sees it. Symbol, stats and snapshot rows are rare and keep their
 * strings.
 *
 * <p>Owned by the connection's event-loop thread.
 */
public final class BatchEncoder {
    private static final int MAX_VAR_ROW_BYTES = 8 * 8 + 3 * (2 + Frames.MAX_STRING_BYTES);
    private static final int ROOT = Frames.HEADER_BYTES + Long.BYTES + 4;
    /** Most rows in one frame: its rows are an SBE group, whose count is a uint16 below 65,535. */
    private static final int MAX_GROUP_ROWS = 65_534;

    private final int batchBytes;
    private final UnsafeBuffer buffer;
    private final UnsafeBuffer definitionBuffer = new UnsafeBuffer(new byte[Frames.MESSAGE_OFFSET + ROOT + 2 * (2 + Frames.MAX_STRING_BYTES)]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final TradeBatchEncoder trades = new TradeBatchEncoder();
    private final QuoteBatchEncoder quotes = new QuoteBatchEncoder();
    private final BarBatchEncoder bars = new BarBatchEncoder();
    private final SymbolBatchEncoder symbols = new SymbolBatchEncoder();
    private final StatsBatchEncoder stats = new StatsBatchEncoder();
    private final SnapshotBatchEncoder snapshots = new SnapshotBatchEncoder();
    private final Map<String, Map<String, Integer>> instruments = new HashMap<>();
    private final TradeStream tradeStream = new TradeStream();
    private int nextInstrumentId = 1;
    // the last instrument looked up: rows of one symbol (a last-N answer) hold the same String objects,
    // so a reference check spares the two map lookups per row
    private String lastVenue;
    private String lastSymbol;
    private int lastId;

    public BatchEncoder(int batchBytes) {
        if (batchBytes < 1024) {
            throw new IllegalArgumentException("batch bytes " + batchBytes + " is below 1024");
        }
        this.batchBytes = batchBytes;
        this.buffer = new UnsafeBuffer(new byte[Frames.MESSAGE_OFFSET + batchBytes + MAX_VAR_ROW_BYTES]);
    }

    /** Largest frame (header + body) this encoder writes: announce it as the peer's minimum frame limit. */
    public int maxMessageBytes() {
        return batchBytes + MAX_VAR_ROW_BYTES;
    }

    /** Number of instruments defined on this connection so far. */
    public int instrumentCount() {
        return nextInstrumentId - 1;
    }

    /**
     * Encodes {@code rows} (any mix of the row types) of request {@code requestId} into frames, in
     * order, handing each to {@code out}; instrument definitions come first where needed.
     */
    public void encode(ByteBufAllocator alloc, long requestId, List<?> rows, Consumer<ByteBuf> out) {
        int i = 0;
        while (i < rows.size()) {
            Class<?> kind = rows.get(i).getClass();
            int j = i + 1;
            while (j < rows.size() && rows.get(j).getClass() == kind) {
                j++;
            }
            int end = Math.min(j, i + MAX_GROUP_ROWS);
            Object first = rows.get(i);
            if (first instanceof TradeRow) {
                i = trades(alloc, requestId, rows, i, end, out);
            } else if (first instanceof QuoteRow) {
                i = quotes(alloc, requestId, rows, i, end, out);
            } else if (first instanceof Bar) {
                i = bars(alloc, requestId, rows, i, end, out);
            } else if (first instanceof SymbolRow) {
                i = symbols(alloc, requestId, rows, i, end, out);
            } else if (first instanceof StatsRow) {
                i = stats(alloc, requestId, rows, i, end, out);
            } else if (first instanceof SnapshotRow) {
                i = snapshots(alloc, requestId, rows, i, end, out);
            } else {
                throw new IllegalArgumentException("no wire form for row type " + kind.getName());
            }
        }
    }

    private int fixedEnd(int from, int end, int blockLength) {
        int perFrame = Math.min(MAX_GROUP_ROWS, Math.max(1, (batchBytes - ROOT) / blockLength));
        return Math.min(end, from + perFrame);
    }

    private int trades(ByteBufAllocator alloc, long requestId, List<?> rows, int from, int end, Consumer<ByteBuf> out) {
        TradeFields frames = beginTrades(alloc, requestId, out);
        for (int k = from; k < end; k++) {
            TradeRow r = (TradeRow) rows.get(k);
            frames.trade(r.venue(), r.symbol(), r.channel(), r.exchangeTimeMicros(), r.receiveTimeMicros(), r.sourceSeq(),
                r.tradeId(), r.side(), r.price(), r.quantity(), r.conditions(), r.journalIndex(), r.journalRecord());
        }
        endTrades();
        return end;
    }

    /**
     * Starts trade rows of request {@code requestId} given field by field to the returned sink (no
     * row objects); each full frame goes to {@code out} as it fills, instrument definitions before the
     * frame that first uses them. {@link #endTrades} writes the last frame; {@link #abandonTrades}
     * drops what was not written yet. One trade stream at a time.
     */
    public TradeFields beginTrades(ByteBufAllocator alloc, long requestId, Consumer<ByteBuf> out) {
        tradeStream.begin(alloc, requestId, out);
        return tradeStream;
    }

    /** Writes the trade stream's last frame, if it holds rows; returns the rows of the whole stream. */
    public long endTrades() {
        tradeStream.flush();
        return tradeStream.end();
    }

    /** Drops the trade stream's rows not yet written (a failed answer; definitions already sent stay valid). */
    public void abandonTrades() {
        tradeStream.end();
    }

    /** Trade rows into TradeBatch frames of at most {@code perFrame} rows each. */
    private final class TradeStream implements TradeFields {
        private int perFrame;
        private ByteBufAllocator alloc;
        private long requestId;
        private Consumer<ByteBuf> out;
        private TradeBatchEncoder.RowsEncoder group;
        private int inFrame;
        private long rows;

        void begin(ByteBufAllocator alloc, long requestId, Consumer<ByteBuf> out) {
            this.perFrame = Math.min(MAX_GROUP_ROWS,
                Math.max(1, (batchBytes - ROOT) / TradeBatchEncoder.RowsEncoder.sbeBlockLength()));
            this.alloc = alloc;
            this.requestId = requestId;
            this.out = out;
            this.inFrame = 0;
            this.rows = 0;
        }

        @Override
        public void trade(String venue, String symbol, int channel, long exchangeTimeMicros, long receiveTimeMicros,
                          long sourceSeq, long tradeId, Side side, long price, long quantity, int conditions,
                          long journalIndex, int journalRecord) {
            int instrumentId = instrument(alloc, venue, symbol, out); // a definition goes out before this frame does
            if (inFrame == 0) {
                group = trades.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header).requestId(requestId)
                    .rowsCount(perFrame);
            }
            group.next().instrumentId(instrumentId).channel(channel).exchangeTimeMicros(exchangeTimeMicros)
                .receiveTimeMicros(receiveTimeMicros).sourceSeq(sourceSeq).tradeId(tradeId).price(price).quantity(quantity)
                .journalIndex(journalIndex).journalRecord(journalRecord).conditions(conditions)
                .side(SideCode.get(side.code()));
            rows++;
            if (++inFrame == perFrame) {
                flush();
            }
        }

        void flush() {
            if (inFrame > 0) {
                group.resetCountToIndex();
                inFrame = 0;
                out.accept(Frames.frame(alloc, buffer, Frames.HEADER_BYTES + trades.encodedLength()));
            }
        }

        long end() {
            long written = rows;
            inFrame = 0;
            rows = 0;
            alloc = null;
            out = null;
            group = null;
            return written;
        }
    }

    private int quotes(ByteBufAllocator alloc, long requestId, List<?> rows, int from, int end, Consumer<ByteBuf> out) {
        int to = fixedEnd(from, end, QuoteBatchEncoder.RowsEncoder.sbeBlockLength());
        for (int k = from; k < to; k++) {
            QuoteRow r = (QuoteRow) rows.get(k);
            instrument(alloc, r.venue(), r.symbol(), out);
        }
        QuoteBatchEncoder.RowsEncoder g = quotes.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header)
            .requestId(requestId).rowsCount(to - from);
        for (int k = from; k < to; k++) {
            QuoteRow r = (QuoteRow) rows.get(k);
            g.next().instrumentId(instrument(alloc, r.venue(), r.symbol(), out)).channel(r.channel())
                .exchangeTimeMicros(r.exchangeTimeMicros()).receiveTimeMicros(r.receiveTimeMicros())
                .sourceSeq(r.sourceSeq()).bidPrice(r.bidPrice()).bidSize(r.bidSize()).askPrice(r.askPrice())
                .askSize(r.askSize()).journalIndex(r.journalIndex()).journalRecord(r.journalRecord())
                .conditions(r.conditions());
        }
        out.accept(Frames.frame(alloc, buffer, Frames.HEADER_BYTES + quotes.encodedLength()));
        return to;
    }

    private int bars(ByteBufAllocator alloc, long requestId, List<?> rows, int from, int end, Consumer<ByteBuf> out) {
        int to = fixedEnd(from, end, BarBatchEncoder.RowsEncoder.sbeBlockLength());
        for (int k = from; k < to; k++) {
            Bar r = (Bar) rows.get(k);
            instrument(alloc, r.venue(), r.symbol(), out);
        }
        BarBatchEncoder.RowsEncoder g = bars.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header)
            .requestId(requestId).rowsCount(to - from);
        for (int k = from; k < to; k++) {
            Bar r = (Bar) rows.get(k);
            g.next().instrumentId(instrument(alloc, r.venue(), r.symbol(), out)).startMicros(r.startMicros())
                .open(r.open()).high(r.high()).low(r.low()).close(r.close()).volume(r.volume()).vwap(r.vwap())
                .trades(r.trades());
        }
        out.accept(Frames.frame(alloc, buffer, Frames.HEADER_BYTES + bars.encodedLength()));
        return to;
    }

    private int symbols(ByteBufAllocator alloc, long requestId, List<?> rows, int from, int end, Consumer<ByteBuf> out) {
        SymbolBatchEncoder.RowsEncoder g = symbols.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header)
            .requestId(requestId).rowsCount(end - from);
        int k = from;
        while (k < end && (k == from || symbols.limit() - Frames.MESSAGE_OFFSET < batchBytes)) {
            SymbolRow r = (SymbolRow) rows.get(k++);
            g.next().venue(Strings.clip(r.venue())).symbol(Strings.clip(r.symbol())).assetClass(Strings.clip(r.assetClass()));
        }
        g.resetCountToIndex();
        out.accept(Frames.frame(alloc, buffer, Frames.HEADER_BYTES + symbols.encodedLength()));
        return k;
    }

    private int stats(ByteBufAllocator alloc, long requestId, List<?> rows, int from, int end, Consumer<ByteBuf> out) {
        StatsBatchEncoder.RowsEncoder g = stats.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header)
            .requestId(requestId).rowsCount(end - from);
        int k = from;
        while (k < end && (k == from || stats.limit() - Frames.MESSAGE_OFFSET < batchBytes)) {
            StatsRow r = (StatsRow) rows.get(k++);
            g.next().coldRows(r.coldRows()).hotRows(r.hotRows()).snapshotId(r.snapshotId()).watermark(r.watermark())
                .journalEnd(r.journalEnd()).lagRecords(r.lagRecords()).lagSeconds(r.lagSeconds())
                .table(Strings.clip(r.table()));
        }
        g.resetCountToIndex();
        out.accept(Frames.frame(alloc, buffer, Frames.HEADER_BYTES + stats.encodedLength()));
        return k;
    }

    private int snapshots(ByteBufAllocator alloc, long requestId, List<?> rows, int from, int end, Consumer<ByteBuf> out) {
        SnapshotBatchEncoder.RowsEncoder g = snapshots.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header)
            .requestId(requestId).rowsCount(end - from);
        int k = from;
        while (k < end && (k == from || snapshots.limit() - Frames.MESSAGE_OFFSET < batchBytes)) {
            SnapshotRow r = (SnapshotRow) rows.get(k++);
            g.next().snapshotId(r.snapshotId()).committedAtMicros(r.committedAtMicros()).watermark(r.watermark())
                .addedRows(r.addedRows()).table(Strings.clip(r.table())).operation(Strings.clip(r.operation()));
        }
        g.resetCountToIndex();
        out.accept(Frames.frame(alloc, buffer, Frames.HEADER_BYTES + snapshots.encodedLength()));
        return k;
    }

    /** The id of (venue, symbol), defining it first when new. */
    private int instrument(ByteBufAllocator alloc, String venue, String symbol, Consumer<ByteBuf> out) {
        String v = venue == null ? "" : venue;
        String s = symbol == null ? "" : symbol;
        if (v == lastVenue && s == lastSymbol) {
            return lastId;
        }
        int id = lookupOrDefine(alloc, v, s, out);
        lastVenue = v;
        lastSymbol = s;
        lastId = id;
        return id;
    }

    private int lookupOrDefine(ByteBufAllocator alloc, String v, String s, Consumer<ByteBuf> out) {
        Map<String, Integer> bySymbol = instruments.computeIfAbsent(v, x -> new HashMap<>());
        Integer id = bySymbol.get(s);
        if (id != null) {
            return id;
        }
        int assigned = nextInstrumentId++;
        bySymbol.put(s, assigned);
        definition.wrapAndApplyHeader(definitionBuffer, Frames.MESSAGE_OFFSET, header)
            .instrumentId(assigned).venue(Strings.clip(v)).symbol(Strings.clip(s));
        out.accept(Frames.frame(alloc, definitionBuffer, Frames.HEADER_BYTES + definition.encodedLength()));
        return assigned;
    }
}
