package dev.k2.query.cold;

import dev.k2.config.Secrets;
import dev.k2.persistence.cold.ColdCatalog;
import dev.k2.persistence.cold.ColdSettings;
import dev.k2.persistence.cold.ColdTable;
import dev.k2.persistence.cold.Watermark;
import dev.k2.query.api.AsOf;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.SnapshotRow;
import dev.k2.query.api.TickFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The cold tables through Iceberg's Java API: resolves which snapshot a query reads (latest, by id,
 * as of a time) and plans its files with the query's filters, so that partition and column-metric
 * pruning happens before DuckDB opens anything. The catalog opens lazily: with the embedded catalog
 * and no {@code catalog.db} yet, the cold tier is simply empty. Thread-safe (one lock: Iceberg table
 * objects are refreshed in place).
 */
public final class ColdTables implements AutoCloseable {
    private static final int PLANS_KEPT = 256;

    /** Recent plans by (table, snapshot, filter), least recently used dropped first. */
    private final Map<PlanKey, ColdScan> plans = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PlanKey, ColdScan> eldest) {
            return size() > PLANS_KEPT;
        }
    };

    private final ColdSettings settings;
    private final RemoteFileCache remote;
    private ColdCatalog catalog;
    /**
     * The watermark's tables, loaded once and then refreshed in place: a refresh with no new commit is
     * one catalog lookup, where loading reads and parses the metadata file again (the hot tailer asks
     * every second: ~200 KB of garbage and milliseconds of CPU each time when loaded anew). Queries
     * load their own: a view holds its table outside this lock, so it must not be refreshed under it.
     */
    private final Map<ColdTable, Table> watermarkTables = new EnumMap<>(ColdTable.class);

    /** @param remoteCache where files in object storage are copied for DuckDB on first read ({@link RemoteFileCache}) */
    public ColdTables(ColdSettings settings, Path remoteCache) {
        this.settings = settings;
        this.remote = new RemoteFileCache(remoteCache);
    }

    private Table table(ColdTable table) {
        if (!catalogOpen()) {
            return null;
        }
        Table t = catalog.existing(table);
        if (t != null) {
            t.refresh();
        }
        return t;
    }

    private boolean catalogOpen() {
        if (catalog == null) {
            if (settings.embeddedSqlite()
                && !Files.isRegularFile(Path.of(settings.catalogUri().substring("jdbc:sqlite:".length())))) {
                return false;
            }
            catalog = ColdCatalog.open(settings);
        }
        return true;
    }

    /**
     * The table for {@link #lowestWatermark}, loaded once and refreshed in place (no view ever holds
     * it). Anything a refresh throws (the table dropped, or dropped and created again: its UUID
     * changed) drops the copy, and the table is loaded anew.
     */
    private Table watermarkTable(ColdTable table) {
        if (!catalogOpen()) {
            return null;
        }
        Table t = watermarkTables.get(table);
        if (t != null) {
            try {
                t.refresh();
                return t;
            } catch (RuntimeException gone) {
                watermarkTables.remove(table);
            }
        }
        t = catalog.existing(table);
        if (t != null) {
            watermarkTables.put(table, t);
        }
        return t;
    }

    /** The view a query reads: the latest snapshot, or one pinned by id or time. */
    public synchronized ColdView resolve(ColdTable table, AsOf asOf) {
        try {
            Table t = table(table);
            if (asOf == null || asOf instanceof AsOf.Latest) {
                Snapshot current = t == null ? null : t.currentSnapshot();
                return current == null ? ColdView.empty(table)
                    : new ColdView(table, t, current.snapshotId(), Watermark.of(t, current.snapshotId()));
            }
            if (asOf instanceof AsOf.Snapshot pinned) {
                return pinned(table, t, pinned.snapshotId());
            }
            long micros = ((AsOf.Timestamp) asOf).micros();
            if (t == null || t.currentSnapshot() == null) {
                throw new QueryException(ErrorCode.NOT_FOUND, "table " + table.tableName()
                    + " has no snapshot yet, so none as of " + micros + ": query without as-of, or after a cold sync");
            }
            long id;
            try {
                id = SnapshotUtil.snapshotIdAsOfTime(t, Math.floorDiv(micros, 1000L));
            } catch (IllegalArgumentException e) {
                throw new QueryException(ErrorCode.NOT_FOUND, "table " + table.tableName() + " has no snapshot as of "
                    + micros + " (its history starts later): list snapshots with the Snapshots query", e);
            }
            return new ColdView(table, t, id, Watermark.of(t, id));
        } catch (QueryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** The view of one snapshot id, as a cursor pins it ({@code -1}: the empty view). */
    public synchronized ColdView pinned(ColdTable table, long snapshotId) {
        try {
            return snapshotId < 0 ? ColdView.empty(table) : pinned(table, table(table), snapshotId);
        } catch (QueryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static ColdView pinned(ColdTable table, Table t, long snapshotId) {
        if (t == null || t.snapshot(snapshotId) == null) {
            throw new QueryException(ErrorCode.NOT_FOUND, "snapshot " + snapshotId + " is not in table "
                + table.tableName() + " (never existed, or expired by cold maintenance): list snapshots with the"
                + " Snapshots query, or start again without a cursor");
        }
        return new ColdView(table, t, snapshotId, Watermark.of(t, snapshotId));
    }

    /** The lowest current watermark of the tick tables, or -1. */
    public synchronized long lowestWatermark() {
        long lowest = Long.MAX_VALUE;
        for (ColdTable table : ColdTable.values()) {
            Table t = watermarkTable(table);
            lowest = Math.min(lowest, t == null ? Watermark.NONE : Watermark.current(t));
        }
        return lowest;
    }

    /**
     * The data files of the view that can hold rows matching the filter. Refuses (UNAVAILABLE) a
     * snapshot with delete files: DuckDB reads plain Parquet, valid for append-only tables only.
     */
    public synchronized ColdScan plan(ColdView view, TickFilter filter) {
        if (view.isEmpty()) {
            return new ColdScan(view, List.of(), 0, List.of());
        }
        // a snapshot never changes, so neither does its plan for a filter: reading the manifests again
        // cost ~14 ms of a ~35 ms one-day bars query
        PlanKey key = new PlanKey(view.table(), view.snapshotId(), filter);
        ColdScan cached = plans.get(key);
        if (cached != null) {
            return new ColdScan(view, cached.files(), cached.totalFiles(), cached.details());
        }
        ColdScan planned = planFiles(view, filter);
        plans.put(key, planned);
        return planned;
    }

    private record PlanKey(ColdTable table, long snapshotId, TickFilter filter) {
    }

    private ColdScan planFiles(ColdView view, TickFilter filter) {
        Snapshot snapshot = view.iceberg().snapshot(view.snapshotId());
        String total = snapshot.summary().get("total-data-files");
        List<String> files = new ArrayList<>();
        List<ColdScan.ColdFile> details = new ArrayList<>();
        Types.NestedField time = view.iceberg().schemas().get(snapshot.schemaId() == null
            ? view.iceberg().schema().schemaId() : snapshot.schemaId()).findField("exchange_time");
        try (CloseableIterable<FileScanTask> tasks = view.iceberg().newScan().useSnapshot(view.snapshotId())
            .filter(expression(filter)).includeColumnStats().planFiles()) {
            for (FileScanTask task : tasks) {
                if (!task.deletes().isEmpty()) {
                    throw new QueryException(ErrorCode.UNAVAILABLE, "snapshot " + view.snapshotId() + " of "
                        + view.table().tableName() + " has delete files (" + task.file().location() + "), which the"
                        + " embedded cold reader cannot apply: K2's tables are append-only; rewrite the table"
                        + " (k2 cold rebuild) or query it with Spark or Trino");
                }
                String path = readablePath(view.iceberg(), task.file().location(), task.file().fileSizeInBytes());
                files.add(path);
                details.add(new ColdScan.ColdFile(path, bound(task.file().lowerBounds(), time, TickFilter.MIN_TIME),
                    bound(task.file().upperBounds(), time, TickFilter.MAX_TIME), task.file().recordCount()));
            }
        } catch (IOException e) {
            throw unavailable(e);
        } catch (UncheckedIOException e) {
            throw unavailable(e);
        }
        return new ColdScan(view, files, total == null ? files.size() : Long.parseLong(total), details);
    }

    /** A file's exchange-time bound (micros) from its manifest entry, or {@code absent}. */
    private static long bound(Map<Integer, ByteBuffer> bounds, Types.NestedField field, long absent) {
        ByteBuffer value = field == null || bounds == null ? null : bounds.get(field.fieldId());
        if (value == null) {
            return absent;
        }
        Object micros = Conversions.fromByteBuffer(field.type(), value);
        return micros instanceof Long l ? l : absent;
    }

    static Expression expression(TickFilter filter) {
        Expression e = Expressions.alwaysTrue();
        if (filter.venue() != null) {
            e = Expressions.and(e, Expressions.equal("venue", filter.venue()));
        }
        if (!filter.symbols().isEmpty()) {
            e = Expressions.and(e, Expressions.in("symbol", filter.symbols().toArray()));
        }
        if (filter.fromMicros() != TickFilter.MIN_TIME) {
            e = Expressions.and(e, Expressions.greaterThanOrEqual("exchange_time", filter.fromMicros()));
        }
        if (filter.toMicros() != TickFilter.MAX_TIME) {
            e = Expressions.and(e, Expressions.lessThan("exchange_time", filter.toMicros()));
        }
        return e;
    }

    /** What DuckDB opens for a data file: its local path, or a local copy of a file in object storage. */
    private String readablePath(Table table, String location, long bytes) {
        String local = localPath(location);
        return local != null ? local : remote.localCopy(table.io(), location, bytes);
    }

    /** A {@code file:} URI or absolute path as a local path (what DuckDB opens); null for object storage. */
    static String localPath(String location) {
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location)).toString();
        }
        return location.startsWith("/") ? location : null;
    }

    /** Snapshots of both tables, newest first. */
    public synchronized List<SnapshotRow> snapshots() {
        List<SnapshotRow> rows = new ArrayList<>();
        try {
            for (ColdTable table : ColdTable.values()) {
                Table t = table(table);
                if (t == null) {
                    continue;
                }
                for (Snapshot s : t.snapshots()) {
                    Map<String, String> summary = s.summary();
                    String added = summary.get("added-records");
                    rows.add(new SnapshotRow(table.tableName(), s.snapshotId(), s.timestampMillis() * 1000L,
                        Watermark.of(t, s.snapshotId()), added == null ? 0 : Long.parseLong(added), s.operation()));
                }
            }
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        rows.sort((a, b) -> {
            int c = Long.compare(b.committedAtMicros(), a.committedAtMicros());
            return c != 0 ? c : Long.compare(b.watermark(), a.watermark());
        });
        return rows;
    }

    private QueryException unavailable(Exception e) {
        return new QueryException(ErrorCode.UNAVAILABLE, "the cold tables at " + Secrets.redact(settings.catalogUri())
            + " cannot be read: " + e.getMessage() + " (check the catalog and warehouse, or run k2 cold stats)", e);
    }

    @Override
    public synchronized void close() {
        if (catalog != null) {
            catalog.close();
            catalog = null;
            watermarkTables.clear();
        }
    }
}
