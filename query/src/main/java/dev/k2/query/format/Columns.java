package dev.k2.query.format;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.Bar;
import dev.k2.query.api.Query;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.SnapshotRow;
import dev.k2.query.api.StatsRow;
import dev.k2.query.api.SymbolRow;
import dev.k2.query.api.Trade;
import java.util.List;

/**
 * The columns of each row type, in output order: one definition shared by the HTTP API (JSON, CSV)
 * and the {@code k2 query} command (table, CSV, JSON), so every front end names and writes a value
 * the same way.
 *
 * <pre>
 * trades     venue,symbol,time,receive_time,channel,seq,trade_id,side,price,quantity,conditions,journal_index,journal_record
 * quotes     venue,symbol,time,receive_time,channel,seq,bid_price,bid_size,ask_price,ask_size,conditions,journal_index,journal_record
 * bars       symbol,start,open,high,low,close,volume,vwap,trades        (also the daily summary)
 * symbols    venue,symbol,asset_class
 * stats      table,cold_rows,hot_rows,snapshot_id,watermark,journal_end,lag_records,lag_seconds
 * snapshots  table,snapshot_id,committed_at,watermark,added_rows,operation
 * </pre>
 *
 * {@code time} is the exchange time; {@code side} is {@code buy}, {@code sell} or {@code unknown}.
 */
public record Columns<R>(String name, List<Column<R>> columns) {
    public static final Columns<Trade> TRADES = new Columns<>("trades", List.of(
        Column.text("venue", Trade::venue),
        Column.text("symbol", Trade::symbol),
        Column.time("time", Trade::exchangeTimeMicros),
        Column.time("receive_time", Trade::receiveTimeMicros),
        Column.integer("channel", Trade::channel),
        Column.integer("seq", Trade::sourceSeq),
        Column.integer("trade_id", Trade::tradeId),
        Column.text("side", r -> side(r.side())),
        Column.decimal("price", Trade::price),
        Column.decimal("quantity", Trade::quantity),
        Column.integer("conditions", Trade::conditions),
        Column.integer("journal_index", Trade::journalIndex),
        Column.integer("journal_record", Trade::journalRecord)));

    public static final Columns<QuoteRow> QUOTES = new Columns<>("quotes", List.of(
        Column.text("venue", QuoteRow::venue),
        Column.text("symbol", QuoteRow::symbol),
        Column.time("time", QuoteRow::exchangeTimeMicros),
        Column.time("receive_time", QuoteRow::receiveTimeMicros),
        Column.integer("channel", QuoteRow::channel),
        Column.integer("seq", QuoteRow::sourceSeq),
        Column.decimal("bid_price", QuoteRow::bidPrice),
        Column.decimal("bid_size", QuoteRow::bidSize),
        Column.decimal("ask_price", QuoteRow::askPrice),
        Column.decimal("ask_size", QuoteRow::askSize),
        Column.integer("conditions", QuoteRow::conditions),
        Column.integer("journal_index", QuoteRow::journalIndex),
        Column.integer("journal_record", QuoteRow::journalRecord)));

    public static final Columns<Bar> BARS = new Columns<>("bars", List.of(
        Column.text("symbol", Bar::symbol),
        Column.time("start", Bar::startMicros),
        Column.decimal("open", Bar::open),
        Column.decimal("high", Bar::high),
        Column.decimal("low", Bar::low),
        Column.decimal("close", Bar::close),
        Column.decimal("volume", Bar::volume),
        Column.decimal("vwap", Bar::vwap),
        Column.integer("trades", Bar::trades)));

    public static final Columns<SymbolRow> SYMBOLS = new Columns<>("symbols", List.of(
        Column.text("venue", SymbolRow::venue),
        Column.text("symbol", SymbolRow::symbol),
        Column.text("asset_class", SymbolRow::assetClass)));

    public static final Columns<StatsRow> STATS = new Columns<>("stats", List.of(
        Column.text("table", StatsRow::table),
        Column.integer("cold_rows", StatsRow::coldRows),
        Column.integer("hot_rows", StatsRow::hotRows),
        Column.integer("snapshot_id", StatsRow::snapshotId),
        Column.integer("watermark", StatsRow::watermark),
        Column.integer("journal_end", StatsRow::journalEnd),
        Column.integer("lag_records", StatsRow::lagRecords),
        Column.real("lag_seconds", StatsRow::lagSeconds)));

    public static final Columns<SnapshotRow> SNAPSHOTS = new Columns<>("snapshots", List.of(
        Column.text("table", SnapshotRow::table),
        Column.integer("snapshot_id", SnapshotRow::snapshotId),
        Column.time("committed_at", SnapshotRow::committedAtMicros),
        Column.integer("watermark", SnapshotRow::watermark),
        Column.integer("added_rows", SnapshotRow::addedRows),
        Column.text("operation", SnapshotRow::operation)));

    public Columns {
        columns = List.copyOf(columns);
    }

    /** The columns of the rows {@code query} returns; subscriptions (mixed trades and quotes) have none. */
    @SuppressWarnings("unchecked")
    public static <R> Columns<R> of(Query<R> query) {
        return (Columns<R>) switch (query) {
            case Query.Trades q -> TRADES;
            case Query.LastTrades q -> TRADES;
            case Query.Quotes q -> QUOTES;
            case Query.LatestQuote q -> QUOTES;
            case Query.Bars q -> BARS;
            case Query.Summary q -> BARS;
            case Query.Symbols q -> SYMBOLS;
            case Query.Stats q -> STATS;
            case Query.Snapshots q -> SNAPSHOTS;
            case Query.Subscribe q -> throw new IllegalArgumentException(
                "a subscription mixes trades and quotes: format each row with TRADES or QUOTES by its type");
        };
    }

    /** The column names, comma separated: the CSV header. */
    public String header() {
        StringBuilder sb = new StringBuilder();
        for (Column<R> c : columns) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(c.name());
        }
        return sb.toString();
    }

    private static String side(Side side) {
        if (side == null) {
            return null;
        }
        return switch (side) {
            case BUY -> "buy";
            case SELL -> "sell";
            case UNKNOWN -> "unknown";
        };
    }
}
