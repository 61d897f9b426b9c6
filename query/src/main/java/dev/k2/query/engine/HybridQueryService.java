package dev.k2.query.engine;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.tick.TickKind;
import dev.k2.persistence.DataDirectory;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.journal.InstrumentDirectory;
import dev.k2.persistence.journal.JournalReader;
import dev.k2.query.api.AsOf;
import dev.k2.query.api.Bar;
import dev.k2.query.api.Cursor;
import dev.k2.query.api.Direction;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.SnapshotRow;
import dev.k2.query.api.StatsRow;
import dev.k2.query.api.SymbolRow;
import dev.k2.query.api.TickFilter;
import dev.k2.query.api.TickRow;
import dev.k2.query.api.TradeFields;
import dev.k2.query.api.TradeRow;
import dev.k2.query.cold.ColdReader;
import dev.k2.query.cold.ColdScan;
import dev.k2.query.cold.ColdTables;
import dev.k2.query.cold.ColdView;
import dev.k2.query.cold.DuckDbPool;
import dev.k2.query.hot.HotFilter;
import dev.k2.query.hot.HotSettings;
import dev.k2.query.hot.HotStore;
import dev.k2.query.hot.HotTailer;
import dev.k2.query.hot.JournalSlice;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The hybrid hot + cold query engine over one data directory (DESIGN.md 3): a query reads one Iceberg
 * snapshot per table (cold, DuckDB over the files Iceberg plans) plus the journal's ticks after that
 * snapshot's watermark up to the journal end seen when the query began (hot, from memory or the
 * journal). The two never overlap and never leave a gap; cursors pin both, so paging stays exact
 * while data arrives and commits happen. Pinned (as-of) queries read the snapshot alone.
 *
 * <pre>
 *               ┌─ ColdTables (Iceberg: snapshot, file planning) ─▶ ColdReader (DuckDB read_parquet)─┐
 * query ─ view ─┤                                                                                   ├─▶ merge by
 *               └─ HotPart: HotStore (filled by HotTailer, thread k2-query-hot) or JournalSlice ────┘  tick order
 * </pre>
 *
 * <p>Construct with {@link #open(DataDirectory)} (embedded cold catalog, default hot settings) or the
 * full constructor; {@link #close()} stops the tailer and frees the DuckDB connections. Thread-safe.
 */
public final class HybridQueryService implements QueryService {
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    private final DataDirectory dir;
    private final ColdTables cold;
    private final DuckDbPool duckdb;
    private final ColdReader coldReader;
    private final HotStore hot;
    private final HotTailer tailer;
    private final JournalSlice journal;
    private final HotPart hotPart;
    private final AtomicLong callbackErrors = new AtomicLong();

    /**
     * Starts the hot tailer over the directory's journal.
     *
     * @param duckdbConnections concurrent cold statements (each a DuckDB connection duplicated from the process' one)
     * @throws QueryException UNAVAILABLE when the directory or its journal does not exist
     */
    public HybridQueryService(DataDirectory dir, ColdSettings coldSettings, HotSettings hotSettings,
                              int duckdbConnections) {
        if (!Files.isDirectory(dir.root())) {
            throw new QueryException(ErrorCode.UNAVAILABLE, "no data directory at " + dir.root()
                + ": pass the data directory of a K2 engine (--data-dir), or start one there with k2 run");
        }
        if (!dir.hasJournal()) {
            throw new QueryException(ErrorCode.UNAVAILABLE, "no journal in " + dir.journal()
                + ": nothing has been ingested into this data directory yet; run k2 run or k2 ingest first");
        }
        this.dir = dir;
        this.cold = new ColdTables(coldSettings, dir.cold().resolve(REMOTE_CACHE_DIR));
        this.duckdb = new DuckDbPool(duckdbConnections);
        this.coldReader = new ColdReader(duckdb);
        InstrumentRegistry registry = new InstrumentRegistry();
        this.hot = new HotStore(hotSettings, registry);
        this.journal = new JournalSlice(dir.journal(), registry);
        this.hotPart = new HotPart(hot, journal);
        this.tailer = new HotTailer(dir.journal(), hot, cold::lowestWatermark).start();
    }

    /** Under DIR/cold: local copies of cold files that live in object storage, for DuckDB. */
    public static final String REMOTE_CACHE_DIR = "remote-cache";

    /** The embedded default: the directory's own cold catalog, default hot settings, two DuckDB connections. */
    public static HybridQueryService open(DataDirectory dir) {
        return new HybridQueryService(dir, ColdSettings.embedded(dir), HotSettings.defaults(), 2);
    }

    /**
     * Waits until the hot tier has applied the journal up to where it ends now, so that the first
     * queries see everything already journaled (the tailer reads the journal from its start).
     *
     * @return false when the timeout passed first
     */
    public boolean awaitCaughtUp(long timeoutNanos) throws InterruptedException {
        long end;
        try (JournalReader reader = new JournalReader(dir.journal(), new InstrumentRegistry())) {
            end = reader.lastIndex();
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (hot.appliedThrough() < end) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** The cold reader (its statement counter shows whether DuckDB was used). */
    public ColdReader coldReader() {
        return coldReader;
    }

    public ColdTables coldTables() {
        return cold;
    }

    public HotStore hotStore() {
        return hot;
    }

    public HotTailer tailer() {
        return tailer;
    }

    /** Hot parts read from memory and from the journal (fallback) so far. */
    public long hotReadsFromStore() {
        return hotPart.fromStore();
    }

    public long hotReadsFromJournal() {
        return hotPart.fromJournal();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> ResultStream<R> open(Query<R> query) {
        if (query == null) {
            throw new QueryException(ErrorCode.BAD_REQUEST, "no query given");
        }
        try {
            return (ResultStream<R>) switch (query) {
                case Query.Trades q -> ticks(ColdTable.TRADES, q.filter(), q.direction(), q.limit(), q.cursor(), q.asOf());
                case Query.Quotes q -> ticks(ColdTable.QUOTES, q.filter(), q.direction(), q.limit(), q.cursor(), q.asOf());
                case Query.LastTrades q -> lastTrades(q);
                case Query.LatestQuote q -> latestQuote(q);
                case Query.Bars q -> bars(q);
                case Query.Summary q -> summary(q);
                case Query.Symbols q -> new ListStream<>(symbols(q.venue()), null);
                case Query.Stats q -> new ListStream<>(stats(), null);
                case Query.Snapshots q -> snapshots(q);
                case Query.Subscribe q -> subscribe(q);
            };
        } catch (QueryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new QueryException(ErrorCode.INTERNAL, "the query failed: " + e.getMessage(), e);
        }
    }

    // ---- views ----

    /** One table's view: the cold snapshot and the journal end of the hot part (watermark, journalEnd]. */
    private record View(ColdView cold, long journalEnd) {
        long watermark() {
            return cold.watermark();
        }
    }

    private View view(ColdTable table, AsOf asOf, Cursor cursor) {
        if (cursor != null) {
            ColdView pinned = cold.pinned(table, cursor.snapshotId());
            if (cursor.journalEnd() < pinned.watermark()) {
                throw new QueryException(ErrorCode.BAD_REQUEST, "invalid cursor: its journal end is before its"
                    + " snapshot's watermark; pass back the cursor of the previous page unchanged");
            }
            return new View(pinned, cursor.journalEnd());
        }
        ColdView view = cold.resolve(table, asOf);
        boolean pinned = asOf instanceof AsOf.Snapshot || asOf instanceof AsOf.Timestamp;
        return new View(view, pinned ? view.watermark() : Math.max(hot.journalEnd(), view.watermark()));
    }

    private HotFilter hotFilter(TickFilter filter, ColdTable table) {
        return new HotFilter(filter, table == ColdTable.TRADES, table == ColdTable.QUOTES, hot.registry());
    }

    // ---- raw ticks ----

    private <R extends TickRow> MergedTicks<R> ticks(ColdTable table, TickFilter filter, Direction direction, long limit,
                                                     Cursor cursor, AsOf asOf) {
        View view = view(table, asOf, cursor);
        ColdScan scan = cold.plan(view.cold(), filter);
        List<TickRow> hotRows = hotPart.rows(view.watermark(), view.journalEnd(), hotFilter(filter, table));
        return new MergedTicks<>(coldReader, List.of(scan), filter, hotRows, direction == null ? Direction.OLDEST_FIRST
            : direction, limit, cursor, view.cold().snapshotId(), view.journalEnd());
    }

    // ---- newest trades and quotes: from memory when the hot store can prove it holds them ----

    /**
     * Instruments by venue and symbols. The tailer learns every instrument from the journal's own
     * definitions, so the directory file is read only when the registry does not know a name yet
     * (reading it on every query put file I/O on the latest-quote and last-trades path).
     */
    private List<Instrument> instruments(String venue, Set<String> symbols) {
        List<Instrument> found = known(venue, symbols);
        if (incomplete(found, symbols)) {
            InstrumentDirectory.load(dir.journal(), hot.registry());
            found = matching(venue, symbols);
        }
        return found;
    }

    /** Instruments the registry knows by these names, without reading the directory file. */
    private List<Instrument> known(String venue, Set<String> symbols) {
        if (venue != null && symbols.size() == 1) {
            Instrument one = hot.registry().bySymbol(venue, symbols.iterator().next());
            if (one != null) {
                return List.of(one);
            }
        }
        return matching(venue, symbols);
    }

    private static boolean incomplete(List<Instrument> found, Set<String> symbols) {
        return found.isEmpty() || !symbols.isEmpty() && found.size() < symbols.size();
    }

    private List<Instrument> matching(String venue, Set<String> symbols) {
        List<Instrument> found = new ArrayList<>();
        for (Instrument i : hot.registry().all()) {
            if ((venue == null || venue.equals(i.venue())) && (symbols.isEmpty() || symbols.contains(i.symbol()))) {
                found.add(i);
            }
        }
        return found;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> ResultStream<R> openFromMemory(Query<R> query) {
        try {
            return (ResultStream<R>) switch (query) {
                case Query.LastTrades q -> heldLastTrades(q);
                case Query.LatestQuote q -> latestQuoteFromMemory(q);
                case null, default -> null;
            };
        } catch (QueryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new QueryException(ErrorCode.INTERNAL, "the query failed: " + e.getMessage(), e);
        }
    }

    /**
     * One instrument's newest trades, when the hot store proves it holds them: written into out, else
     * -1. The instrument is the symbol at the query's venue or, with no venue, the only one of that name
     * (a symbol listed at several venues is merged through {@link #openFromMemory}).
     */
    @Override
    public int lastTradesFromMemory(Query.LastTrades q, TradeFields out) {
        try {
            Instrument one;
            if (q.venue() != null) {
                one = hot.registry().bySymbol(q.venue(), q.symbol());
            } else {
                List<Instrument> named = hot.registry().withSymbol(q.symbol());
                one = named.size() == 1 ? named.get(0) : null;
            }
            return one == null ? -1 : hot.newestTrades(one.id(), q.n(), hot.appliedThrough(), out);
        } catch (QueryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new QueryException(ErrorCode.INTERNAL, "the query failed: " + e.getMessage(), e);
        }
    }

    private ResultStream<TradeRow> lastTrades(Query.LastTrades q) {
        List<Instrument> matches = instruments(q.venue(), Set.of(q.symbol()));
        if (matches.isEmpty()) {
            throw new QueryException(ErrorCode.NOT_FOUND, "unknown symbol " + q.symbol()
                + (q.venue() == null ? "" : " at " + q.venue()) + ": list instruments with the Symbols query");
        }
        ResultStream<TradeRow> held = newestTrades(q, matches);
        return held != null ? held : whole(ticks(ColdTable.TRADES, new TickFilter(q.venue(), Set.of(q.symbol()),
            TickFilter.MIN_TIME, TickFilter.MAX_TIME), Direction.NEWEST_FIRST, q.n(), null, AsOf.LATEST));
    }

    /**
     * A last N is whole by definition (the N newest trades): no page follows it, whichever tier
     * answered, so the scan's cursor (its limit cut it) is not handed on, as the memory answers hand
     * none. Paging back through trades is a trades query, newest first, whose first page is the same.
     */
    private static <R> ResultStream<R> whole(ResultStream<R> scan) {
        return new ResultStream<>() {
            @Override
            public int poll(int max, Consumer<? super R> out) {
                return scan.poll(max, out);
            }

            @Override
            public void close() {
                scan.close();
            }
        };
    }

    /** Last trades when the registry knows the symbol and the hot store proves it holds them; else null. */
    private ResultStream<TradeRow> heldLastTrades(Query.LastTrades q) {
        List<Instrument> matches = known(q.venue(), Set.of(q.symbol()));
        return matches.isEmpty() ? null : newestTrades(q, matches);
    }

    private ResultStream<TradeRow> newestTrades(Query.LastTrades q, List<Instrument> matches) {
        long end = hot.appliedThrough();
        TickRow[][] newest = new TickRow[matches.size()][];
        int held = 0;
        for (int k = 0; k < newest.length; k++) {
            newest[k] = hot.newestTrades(matches.get(k).id(), q.n(), end);
            if (newest[k] == null) {
                return null;
            }
            held += newest[k].length;
        }
        List<TradeRow> rows = new ArrayList<>(held);
        for (TickRow[] some : newest) {
            for (TickRow row : some) {
                rows.add((TradeRow) row);
            }
        }
        if (matches.size() > 1) {
            rows.sort((a, b) -> TickRow.compare(b, a));
        }
        return new ListStream<>(rows.size() > q.n() ? rows.subList(0, q.n()) : rows, null);
    }

    private ResultStream<QuoteRow> latestQuote(Query.LatestQuote q) {
        long end = hot.appliedThrough();
        List<QuoteRow> rows = new ArrayList<>();
        for (Instrument i : instruments(q.venue(), q.symbols())) {
            QuoteRow[] newest = hot.newestQuote(i.id(), end);
            if (newest == null) {
                try (MergedTicks<QuoteRow> fallback = ticks(ColdTable.QUOTES, TickFilter.symbol(i.venue(), i.symbol()),
                    Direction.NEWEST_FIRST, 1, null, AsOf.LATEST)) {
                    fallback.poll(1, rows::add);
                }
            } else if (newest.length > 0) {
                rows.add(newest[0]);
            }
        }
        return latestQuotes(rows);
    }

    /**
     * Latest quotes when the registry knows every symbol asked for and the hot store holds each
     * instrument's newest quote; else null.
     */
    private ResultStream<QuoteRow> latestQuoteFromMemory(Query.LatestQuote q) {
        List<Instrument> found = known(q.venue(), q.symbols());
        if (incomplete(found, q.symbols())) {
            return null;
        }
        long end = hot.appliedThrough();
        List<QuoteRow> rows = new ArrayList<>(found.size());
        for (Instrument i : found) {
            QuoteRow[] newest = hot.newestQuote(i.id(), end);
            if (newest == null) {
                return null;
            }
            if (newest.length > 0) {
                rows.add(newest[0]);
            }
        }
        return latestQuotes(rows);
    }

    private static ResultStream<QuoteRow> latestQuotes(List<QuoteRow> rows) {
        rows.sort(Comparator.comparing(QuoteRow::symbol).thenComparing(QuoteRow::venue));
        return new ListStream<>(rows, null);
    }

    // ---- aggregates ----

    private ResultStream<Bar> bars(Query.Bars q) {
        View view = view(ColdTable.TRADES, q.asOf(), q.cursor());
        List<Bar> bars = aggregate(view, q.filter(), 0, q.interval().micros());
        // a bars cursor pins the view and carries the number of bars already delivered (afterJournalIndex):
        // the pinned view's bars are a fixed sorted list, so the offset resumes exactly
        int offset = q.cursor() == null ? 0 : (int) Math.min(Integer.MAX_VALUE, q.cursor().afterJournalIndex());
        int end = (int) Math.min(bars.size(), (long) offset + q.limit());
        List<Bar> page = offset >= bars.size() ? List.of() : bars.subList(offset, end);
        Cursor next = null;
        if (end < bars.size()) {
            Bar last = bars.get(end - 1);
            next = new Cursor(view.cold().snapshotId(), view.journalEnd(), last.startMicros(), end, 0);
        }
        return new ListStream<>(page, next);
    }

    private ResultStream<Bar> summary(Query.Summary q) {
        LocalDate day = q.day();
        if (day == null || q.symbol() == null) {
            throw new QueryException(ErrorCode.BAD_REQUEST, "a summary needs a symbol and a day");
        }
        String venue = q.venue();
        if (venue == null && q.zone() == null) {
            // the trading day is the venue's: find the symbol's venue when the query does not name it
            List<String> venues = instruments(null, Set.of(q.symbol())).stream().map(Instrument::venue).distinct().toList();
            if (venues.size() > 1) {
                throw new QueryException(ErrorCode.BAD_REQUEST, "symbol " + q.symbol() + " trades on " + venues
                    + ": name the venue (or the zone of the day) to pick one trading day");
            }
            venue = venues.isEmpty() ? null : venues.get(0);
        }
        ZoneId zone = q.zone() != null ? q.zone() : venueZone(venue);
        long from = micros(day, zone);
        long to = micros(day.plusDays(1), zone);
        View view = view(ColdTable.TRADES, q.asOf(), null);
        return new ListStream<>(aggregate(view, new TickFilter(q.venue(), Set.of(q.symbol()), from, to), from, to - from),
            null);
    }

    /** The zone a venue's trading day runs in: Australia/Sydney for ASX, UTC for 24-hour venues. */
    static ZoneId venueZone(String venue) {
        return "ASX".equalsIgnoreCase(venue) ? SYDNEY : ZoneOffset.UTC;
    }

    private static long micros(LocalDate day, ZoneId zone) {
        java.time.Instant start = day.atStartOfDay(zone).toInstant();
        return Math.addExact(Math.multiplyExact(start.getEpochSecond(), 1_000_000L), start.getNano() / 1_000L);
    }

    private List<Bar> aggregate(View view, TickFilter filter, long origin, long width) {
        BarAccumulator bars = new BarAccumulator(origin, width);
        ColdScan scan = cold.plan(view.cold(), filter);
        coldReader.bars(scan, filter, origin, width).forEach(bars::add);
        for (TickRow row : hotPart.rows(view.watermark(), view.journalEnd(), hotFilter(filter, ColdTable.TRADES))) {
            bars.add((TradeRow) row);
        }
        return bars.bars();
    }

    // ---- metadata ----

    private List<SymbolRow> symbols(String venue) {
        List<SymbolRow> rows = new ArrayList<>();
        for (Instrument i : instruments(venue, Set.of())) {
            rows.add(new SymbolRow(i.venue(), i.symbol(), i.assetClass().name().toLowerCase(Locale.ROOT)));
        }
        rows.sort(Comparator.comparing(SymbolRow::venue).thenComparing(SymbolRow::symbol));
        return rows;
    }

    private List<StatsRow> stats() {
        List<StatsRow> rows = new ArrayList<>();
        for (ColdTable table : ColdTable.values()) {
            View view = view(table, AsOf.LATEST, null);
            List<TickRow> hotRows = hotPart.rows(view.watermark(), view.journalEnd(), hotFilter(TickFilter.all(), table));
            double lagSeconds = 0;
            if (!hotRows.isEmpty()) {
                long newest = Long.MIN_VALUE;
                long oldest = Long.MAX_VALUE;
                for (TickRow row : hotRows) {
                    long received = row instanceof TradeRow t ? t.receiveTimeMicros() : ((QuoteRow) row).receiveTimeMicros();
                    newest = Math.max(newest, received);
                    oldest = Math.min(oldest, received);
                }
                lagSeconds = (newest - oldest) / 1e6;
            }
            rows.add(new StatsRow(table.tableName(), view.cold().rows(), hotRows.size(), view.cold().snapshotId(),
                view.watermark(), view.journalEnd(), hotRows.size(), lagSeconds));
        }
        return rows;
    }

    private ResultStream<SnapshotRow> snapshots(Query.Snapshots q) {
        List<SnapshotRow> rows = cold.snapshots();
        return new ListStream<>(rows.size() > q.limit() ? rows.subList(0, q.limit()) : rows, null);
    }

    // ---- live ----

    private ResultStream<TickRow> subscribe(Query.Subscribe q) {
        List<ColdTable> tables = new ArrayList<>();
        if (q.trades()) {
            tables.add(ColdTable.TRADES);
        }
        if (q.quotes()) {
            tables.add(ColdTable.QUOTES);
        }
        long end = hot.journalEnd();
        MergedTicks<TickRow> history = null;
        if (q.fromMicros() != null) {
            TickFilter filter = new TickFilter(q.venue(), q.symbols(), q.fromMicros(), TickFilter.MAX_TIME);
            List<View> views = new ArrayList<>();
            for (ColdTable table : tables) {
                View v = view(table, AsOf.LATEST, null);
                views.add(v);
                end = Math.max(end, v.watermark());
            }
            List<ColdScan> scans = new ArrayList<>();
            List<TickRow> hotRows = new ArrayList<>();
            for (int t = 0; t < tables.size(); t++) {
                View v = views.get(t);
                scans.add(cold.plan(v.cold(), filter));
                hotRows.addAll(hotPart.rows(v.watermark(), end, hotFilter(filter, tables.get(t))));
            }
            hotRows.sort(TickRow::compare);
            history = new MergedTicks<>(coldReader, scans, filter, hotRows, Direction.OLDEST_FIRST, Long.MAX_VALUE, null,
                -1, end);
        }
        HotFilter live = new HotFilter(new TickFilter(q.venue(), q.symbols(), TickFilter.MIN_TIME, TickFilter.MAX_TIME),
            q.trades(), q.quotes(), hot.registry());
        return new Subscription(hot, journal, live, history, end, callbackErrors);
    }

    /** Subscription callbacks that threw (counted, never rethrown on the tailer thread). */
    public long callbackErrors() {
        return callbackErrors.get();
    }

    @Override
    public void close() {
        tailer.close();
        duckdb.close();
        cold.close();
    }
}
