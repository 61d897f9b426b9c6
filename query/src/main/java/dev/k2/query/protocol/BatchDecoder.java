package dev.k2.query.protocol;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.Bar;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.SnapshotRow;
import dev.k2.query.api.StatsRow;
import dev.k2.query.api.SymbolRow;
import dev.k2.query.api.TradeFields;
import dev.k2.query.api.TradeRow;
import dev.k2.query.protocol.sbe.BarBatchDecoder;
import dev.k2.query.protocol.sbe.InstrumentDefinitionDecoder;
import dev.k2.query.protocol.sbe.MessageHeaderDecoder;
import dev.k2.query.protocol.sbe.QuoteBatchDecoder;
import dev.k2.query.protocol.sbe.SnapshotBatchDecoder;
import dev.k2.query.protocol.sbe.StatsBatchDecoder;
import dev.k2.query.protocol.sbe.SymbolBatchDecoder;
import dev.k2.query.protocol.sbe.TradeBatchDecoder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Decodes batch frames back into rows, keeping the connection's instrument dictionary
 * ({@link BatchEncoder}). Owned by the client connection's event-loop thread.
 */
public final class BatchDecoder {
    /** Receives the rows of one batch frame. */
    @FunctionalInterface
    public interface Listener {
        void rows(long requestId, List<Object> rows);
    }

    private record Instrument(String venue, String symbol) {
    }

    private final Int2ObjectHashMap<Instrument> instruments = new Int2ObjectHashMap<>();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final TradeBatchDecoder trades = new TradeBatchDecoder();
    private final QuoteBatchDecoder quotes = new QuoteBatchDecoder();
    private final BarBatchDecoder bars = new BarBatchDecoder();
    private final SymbolBatchDecoder symbols = new SymbolBatchDecoder();
    private final StatsBatchDecoder stats = new StatsBatchDecoder();
    private final SnapshotBatchDecoder snapshots = new SnapshotBatchDecoder();

    /** True when {@code templateId} is a batch or an instrument definition. */
    public static boolean isBatch(int templateId) {
        return templateId >= InstrumentDefinitionDecoder.TEMPLATE_ID && templateId <= SnapshotBatchDecoder.TEMPLATE_ID;
    }

    /**
     * Decodes one frame (header first at {@code offset}); batches go to {@code listener}. Throws
     * {@link IllegalStateException} for a row that names an undefined instrument and
     * {@link IndexOutOfBoundsException} for a truncated frame: either way the connection is unusable.
     */
    public void decode(MessageHeaderDecoder header, DirectBuffer in, int offset, Listener listener) {
        int body = offset + Frames.HEADER_BYTES;
        int block = header.blockLength();
        int version = header.version();
        switch (header.templateId()) {
            case InstrumentDefinitionDecoder.TEMPLATE_ID -> {
                InstrumentDefinitionDecoder d = definition.wrap(in, body, block, version);
                int id = d.instrumentId();
                String venue = d.venue();
                instruments.put(id, new Instrument(venue, d.symbol()));
            }
            case TradeBatchDecoder.TEMPLATE_ID -> {
                List<Object> rows = new ArrayList<>(trades.wrap(in, body, block, version).rows().count());
                long requestId = decodeTrades(header, in, offset, (venue, symbol, channel, exchangeTimeMicros,
                    receiveTimeMicros, sourceSeq, tradeId, side, price, quantity, conditions, journalIndex, journalRecord) ->
                    rows.add(new TradeRow(venue, symbol, channel, exchangeTimeMicros, receiveTimeMicros, sourceSeq, tradeId,
                        side, price, quantity, conditions, journalIndex, journalRecord)));
                listener.rows(requestId, rows);
            }
            case QuoteBatchDecoder.TEMPLATE_ID -> {
                QuoteBatchDecoder d = quotes.wrap(in, body, block, version);
                long requestId = d.requestId();
                QuoteBatchDecoder.RowsDecoder g = d.rows();
                List<Object> rows = new ArrayList<>(g.count());
                for (QuoteBatchDecoder.RowsDecoder r : g) {
                    Instrument i = instrument(r.instrumentId());
                    rows.add(new QuoteRow(i.venue, i.symbol, r.channel(), r.exchangeTimeMicros(), r.receiveTimeMicros(),
                        r.sourceSeq(), r.bidPrice(), r.bidSize(), r.askPrice(), r.askSize(), r.conditions(),
                        r.journalIndex(), r.journalRecord()));
                }
                listener.rows(requestId, rows);
            }
            case BarBatchDecoder.TEMPLATE_ID -> {
                BarBatchDecoder d = bars.wrap(in, body, block, version);
                long requestId = d.requestId();
                BarBatchDecoder.RowsDecoder g = d.rows();
                List<Object> rows = new ArrayList<>(g.count());
                for (BarBatchDecoder.RowsDecoder r : g) {
                    Instrument i = instrument(r.instrumentId());
                    rows.add(new Bar(i.venue, i.symbol, r.startMicros(), r.open(), r.high(), r.low(), r.close(),
                        r.volume(), r.vwap(), r.trades()));
                }
                listener.rows(requestId, rows);
            }
            case SymbolBatchDecoder.TEMPLATE_ID -> {
                SymbolBatchDecoder d = symbols.wrap(in, body, block, version);
                long requestId = d.requestId();
                SymbolBatchDecoder.RowsDecoder g = d.rows();
                List<Object> rows = new ArrayList<>(g.count());
                for (SymbolBatchDecoder.RowsDecoder r : g) {
                    String venue = r.venue();
                    String symbol = r.symbol();
                    rows.add(new SymbolRow(venue, symbol, r.assetClass()));
                }
                listener.rows(requestId, rows);
            }
            case StatsBatchDecoder.TEMPLATE_ID -> {
                StatsBatchDecoder d = stats.wrap(in, body, block, version);
                long requestId = d.requestId();
                StatsBatchDecoder.RowsDecoder g = d.rows();
                List<Object> rows = new ArrayList<>(g.count());
                for (StatsBatchDecoder.RowsDecoder r : g) {
                    long cold = r.coldRows();
                    long hot = r.hotRows();
                    long snapshot = r.snapshotId();
                    long watermark = r.watermark();
                    long journalEnd = r.journalEnd();
                    long lagRecords = r.lagRecords();
                    double lagSeconds = r.lagSeconds();
                    rows.add(new StatsRow(r.table(), cold, hot, snapshot, watermark, journalEnd, lagRecords, lagSeconds));
                }
                listener.rows(requestId, rows);
            }
            case SnapshotBatchDecoder.TEMPLATE_ID -> {
                SnapshotBatchDecoder d = snapshots.wrap(in, body, block, version);
                long requestId = d.requestId();
                SnapshotBatchDecoder.RowsDecoder g = d.rows();
                List<Object> rows = new ArrayList<>(g.count());
                for (SnapshotBatchDecoder.RowsDecoder r : g) {
                    long id = r.snapshotId();
                    long at = r.committedAtMicros();
                    long watermark = r.watermark();
                    long added = r.addedRows();
                    String table = r.table();
                    rows.add(new SnapshotRow(table, id, at, watermark, added, r.operation()));
                }
                listener.rows(requestId, rows);
            }
            default -> throw new IllegalStateException("template " + header.templateId() + " is not a batch");
        }
    }

    /** The request id of a TradeBatch frame (header first at {@code offset}). */
    public long tradeRequestId(MessageHeaderDecoder header, DirectBuffer in, int offset) {
        return trades.wrap(in, offset + Frames.HEADER_BYTES, header.blockLength(), header.version()).requestId();
    }

    /**
     * Decodes a TradeBatch frame (header first at {@code offset}) into {@code out} field by field, with
     * nothing allocated; returns its request id. Throws as {@link #decode} does.
     */
    public long decodeTrades(MessageHeaderDecoder header, DirectBuffer in, int offset, TradeFields out) {
        TradeBatchDecoder d = trades.wrap(in, offset + Frames.HEADER_BYTES, header.blockLength(), header.version());
        long requestId = d.requestId();
        for (TradeBatchDecoder.RowsDecoder r : d.rows()) {
            Instrument i = instrument(r.instrumentId());
            out.trade(i.venue, i.symbol, r.channel(), r.exchangeTimeMicros(), r.receiveTimeMicros(), r.sourceSeq(),
                r.tradeId(), Side.ofCode(r.sideRaw()), r.price(), r.quantity(), r.conditions(), r.journalIndex(),
                r.journalRecord());
        }
        return requestId;
    }

    private Instrument instrument(int id) {
        Instrument i = instruments.get(id);
        if (i == null) {
            throw new IllegalStateException("row names instrument id " + id + ", which the server never defined");
        }
        return i;
    }
}
