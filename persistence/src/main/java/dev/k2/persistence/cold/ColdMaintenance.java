package dev.k2.persistence.cold;

import dev.k2.persistence.DirectoryLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.RollingDataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Maintenance of the cold tables, safe while a {@link ColdWriter} runs (one maintainer per data
 * directory, held through {@code DIR/cold/maintain.lock}):
 *
 * <ul>
 *   <li><b>compact</b>: per partition, the data files smaller than half the table's target file size
 *       ({@code write.target-file-size-bytes}, {@value ColdCatalog#TARGET_FILE_BYTES} bytes for the tables k2
 *       creates) are merged into as few files as the target allows, all of about the same size: a
 *       partition's small files holding {@code total} bytes become {@code ceil(total / target)} files
 *       with the same number of rows, so at least half the target each when the partition has that
 *       much (rolling at the target would leave a small last file; files at or above half the target
 *       are not merged again, so a second run does not rewrite the first one's output). Each input file is
 *       sorted by (symbol, exchange_time), so a streaming k-way merge keeps the sort order with memory
 *       bounded by the number of files, not their rows. Committed as one Iceberg {@code RewriteFiles}
 *       per table, validated from the snapshot it planned: a writer's concurrent appends do not
 *       conflict (Iceberg refreshes and retries the commit), a concurrent rewrite of the same files does.
 *   <li><b>expire</b>: snapshots older than a duration are expired, keeping the current one and never the
 *       newest snapshot that carries {@code k2.journal-index}, so the watermark survives (a compaction
 *       snapshot has none of its own: {@link Watermark} reads it from the ancestors).
 *   <li><b>remove orphans</b>: files under a table's location that no snapshot, manifest or metadata
 *       file references and that are older than a safety age (default one day, much longer than any
 *       batch takes between writing a file and committing it), such as the files of a batch whose
 *       writer was killed before its commit. Local warehouses only.
 * </ul>
 */
public final class ColdMaintenance implements AutoCloseable {
    private static final int COMMIT_ATTEMPTS = 5;

    /** What maintenance did to one table. */
    public record TableResult(int filesBefore, int filesAfter, int filesRewritten, int filesWritten,
                              int snapshotsExpired, int orphansRemoved, long orphanBytes) {
    }

    private final ColdCatalog catalog;
    private final DirectoryLock lock;

    /** Takes the maintenance lock of the catalog's data directory ({@code coldDir/maintain.lock}). */
    public ColdMaintenance(ColdCatalog catalog, Path coldDir) {
        this.catalog = catalog;
        lock = DirectoryLock.acquire(coldDir.resolve("maintain.lock"), "running k2 cold maintain on " + coldDir,
            "wait for it to finish");
    }

    /** Runs the chosen steps on every existing table, in the order compact, expire, remove orphans. */
    public Map<ColdTable, TableResult> run(boolean compact, Duration expireOlderThan, Duration orphanMinAge) {
        Map<ColdTable, TableResult> results = new LinkedHashMap<>();
        for (ColdTable coldTable : ColdTable.values()) {
            Table table = catalog.existing(coldTable);
            if (table == null) {
                continue;
            }
            int before = dataFiles(table).size();
            int[] rewrite = compact ? compact(table) : new int[2];
            int expired = expireOlderThan == null ? 0 : expire(table, expireOlderThan);
            long[] orphans = orphanMinAge == null ? new long[2] : removeOrphans(table, orphanMinAge);
            results.put(coldTable, new TableResult(before, dataFiles(table).size(), rewrite[0], rewrite[1], expired,
                (int) orphans[0], orphans[1]));
        }
        return results;
    }

    /**
     * Expires old snapshots (keeping the watermark's) and removes orphan files of {@code k2.gaps}. It is
     * not compacted: it gets one small file per batch that has gap markers, and its rows have no
     * exchange time to merge by. Returns null when the table does not exist.
     */
    public TableResult runGaps(Duration expireOlderThan, Duration orphanMinAge) {
        Table table = catalog.existingGaps();
        if (table == null) {
            return null;
        }
        int before = dataFiles(table).size();
        int expired = expireOlderThan == null ? 0 : expire(table, expireOlderThan);
        long[] orphans = orphanMinAge == null ? new long[2] : removeOrphans(table, orphanMinAge);
        return new TableResult(before, dataFiles(table).size(), 0, 0, expired, (int) orphans[0], orphans[1]);
    }

    /** Merges the small files of each partition; returns {files rewritten, files written}. */
    int[] compact(Table table) {
        table.refresh();
        Snapshot start = table.currentSnapshot();
        if (start == null) {
            return new int[2];
        }
        long target = PropertyUtil.propertyAsLong(table.properties(), TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
        Map<String, List<DataFile>> small = new LinkedHashMap<>();
        for (DataFile file : dataFiles(table)) {
            if (file.fileSizeInBytes() < target / 2) {
                small.computeIfAbsent(file.specId() + "/" + table.specs().get(file.specId()).partitionToPath(file.partition()),
                    k -> new ArrayList<>()).add(file);
            }
        }
        Set<DataFile> rewritten = new HashSet<>();
        Set<DataFile> written = new HashSet<>();
        try {
            for (List<DataFile> group : small.values()) {
                if (group.size() < 2) {
                    continue;
                }
                written.addAll(merge(table, group, balancedRowsPerFile(group, target), target));
                rewritten.addAll(group);
            }
            if (rewritten.isEmpty()) {
                return new int[2];
            }
            commitRewrite(table, start.snapshotId(), rewritten, written);
        } catch (RuntimeException e) {
            written.forEach(file -> table.io().deleteFile(file.location()));
            throw e;
        }
        return new int[] {rewritten.size(), written.size()};
    }

    /**
     * How many rows each merged file of {@code group} gets so that the files come out about equal: the
     * group's bytes need {@code ceil(bytes / target)} files, and its rows are split evenly over them.
     * Rows, not bytes, because the merged output's size is only known once written (the merge writes
     * with other encodings than the columnar writer did: measured 8 % larger), and rolling on an
     * estimate of bytes leaves a small last file.
     */
    static long balancedRowsPerFile(List<DataFile> group, long target) {
        long bytes = 0;
        long rows = 0;
        for (DataFile file : group) {
            bytes += file.fileSizeInBytes();
            rows += file.recordCount();
        }
        long files = Math.max(1, Math.ceilDiv(bytes, target));
        return Math.max(1, Math.ceilDiv(rows, files));
    }

    private static void commitRewrite(Table table, long startSnapshotId, Set<DataFile> rewritten, Set<DataFile> written) {
        for (int attempt = 1; ; attempt++) {
            try {
                RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(startSnapshotId);
                rewritten.forEach(rewrite::deleteFile);
                written.forEach(rewrite::addFile);
                rewrite.set("k2.maintenance", "compact");
                rewrite.commit();
                return;
            } catch (CommitFailedException e) {
                if (attempt == COMMIT_ATTEMPTS) {
                    throw new IllegalStateException("cannot commit the compaction of " + table.name() + " after "
                        + attempt + " attempts: " + ColdCatalog.rootMessage(e) + " (the writer kept committing;"
                        + " run k2 cold maintain --compact again)", e);
                }
                table.refresh();
            }
        }
    }

    /** Streams the rows of sorted files, merged in (symbol, exchange_time, journal order), into new files. */
    private static List<DataFile> merge(Table table, List<DataFile> group, long rowsPerFile, long targetBytes) {
        Schema schema = table.schema();
        PartitionSpec spec = table.specs().get(group.get(0).specId());
        GenericFileWriterFactory factory = new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET).dataSchema(schema).dataSortOrder(table.sortOrder()).build();
        OutputFileFactory files = OutputFileFactory.builderFor(table, 0, System.currentTimeMillis())
            .format(FileFormat.PARQUET).operationId("compact-" + System.nanoTime()).build();
        // a new writer every rowsPerFile rows; rolling on bytes only if a file grew far beyond the target
        long ceilingBytes = targetBytes + targetBytes / 2;
        List<DataFile> result = new ArrayList<>();
        RollingDataWriter<Record> writer = new RollingDataWriter<>(factory, files, table.io(), ceilingBytes, spec,
            group.get(0).partition());
        long rowsInFile = 0;
        List<CloseableIterable<Record>> inputs = new ArrayList<>();
        Comparator<Head> order = Comparator.comparing((Head h) -> (String) h.row.getField(ColdSchema.SYMBOL))
            .thenComparing(h -> (java.time.OffsetDateTime) h.row.getField(ColdSchema.EXCHANGE_TIME))
            .thenComparingLong(h -> (Long) h.row.getField(ColdSchema.JOURNAL_INDEX))
            .thenComparingInt(h -> (Integer) h.row.getField(ColdSchema.JOURNAL_RECORD));
        PriorityQueue<Head> heads = new PriorityQueue<>(order);
        try {
            for (DataFile file : group) {
                CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(file.location())).project(schema)
                    .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema)).build();
                inputs.add(rows);
                CloseableIterator<Record> iterator = rows.iterator();
                if (iterator.hasNext()) {
                    heads.add(new Head(iterator.next(), iterator));
                }
            }
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                if (rowsInFile == rowsPerFile) {
                    closeInto(writer, result, table);
                    writer = new RollingDataWriter<>(factory, files, table.io(), ceilingBytes, spec, group.get(0).partition());
                    rowsInFile = 0;
                }
                writer.write(head.row);
                rowsInFile++;
                if (head.rest.hasNext()) {
                    heads.add(new Head(head.rest.next(), head.rest));
                }
            }
        } finally {
            try {
                closeInto(writer, result, table);
                for (CloseableIterable<Record> input : inputs) {
                    input.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish the compacted files of " + table.name() + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static void closeInto(RollingDataWriter<Record> writer, List<DataFile> result, Table table) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish a compacted file of " + table.name() + ": " + e.getMessage(), e);
        }
        result.addAll(writer.result().dataFiles());
    }

    private record Head(Record row, CloseableIterator<Record> rest) {
    }

    /** Expires snapshots older than {@code olderThan}, never the one holding the watermark; returns how many. */
    int expire(Table table, Duration olderThan) {
        table.refresh();
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            return 0;
        }
        long cutoff = System.currentTimeMillis() - olderThan.toMillis();
        for (Snapshot snapshot : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
            if (snapshot.summary().containsKey(Watermark.SUMMARY_KEY)) {
                cutoff = Math.min(cutoff, snapshot.timestampMillis());
                break;
            }
        }
        int before = count(table.snapshots());
        for (int attempt = 1; ; attempt++) {
            try {
                table.expireSnapshots().expireOlderThan(cutoff).retainLast(1).commit();
                break;
            } catch (CommitFailedException e) {
                if (attempt == COMMIT_ATTEMPTS) {
                    throw new IllegalStateException("cannot expire snapshots of " + table.name() + ": "
                        + ColdCatalog.rootMessage(e) + " (run k2 cold maintain --expire-older-than again)", e);
                }
                table.refresh();
            }
        }
        table.refresh();
        return Math.max(0, before - count(table.snapshots()));
    }

    /** Deletes unreferenced files older than {@code minAge} under the table location; returns {files, bytes}. */
    long[] removeOrphans(Table table, Duration minAge) {
        table.refresh();
        Path root = localPath(table, table.location());
        Set<Path> referenced = new HashSet<>();
        for (String location : ReachableFileUtil.metadataFileLocations(table, true)) {
            referenced.add(localPath(table, location));
        }
        for (String location : ReachableFileUtil.manifestListLocations(table)) {
            referenced.add(localPath(table, location));
        }
        for (String location : ReachableFileUtil.statisticsFilesLocations(table)) {
            referenced.add(localPath(table, location));
        }
        Set<String> manifests = new HashSet<>();
        for (Snapshot snapshot : table.snapshots()) {
            for (ManifestFile manifest : snapshot.allManifests(table.io())) {
                if (!manifests.add(manifest.path())) {
                    continue;
                }
                referenced.add(localPath(table, manifest.path()));
                try (CloseableIterable<String> paths = ManifestFiles.readPaths(manifest, table.io(), table.specs())) {
                    paths.forEach(p -> referenced.add(localPath(table, p)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read manifest " + manifest.path() + ": " + e.getMessage(), e);
                }
            }
        }
        if (!Files.isDirectory(root)) {
            return new long[2];
        }
        long cutoff = System.currentTimeMillis() - minAge.toMillis();
        long[] removed = new long[2];
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                Path normal = file.toAbsolutePath().normalize();
                if (referenced.contains(normal) || Files.getLastModifiedTime(file).toMillis() > cutoff) {
                    continue;
                }
                long size = Files.size(file);
                Files.delete(file);
                removed[0]++;
                removed[1] += size;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove orphan files under " + root + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private static Path localPath(Table table, String location) {
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location)).toAbsolutePath().normalize();
        }
        if (location.startsWith("/")) {
            return Path.of(location).toAbsolutePath().normalize();
        }
        throw new IllegalArgumentException("--remove-orphans works on a local warehouse only, and " + table.name()
            + " lives at " + location + ": remove orphans with the object store's own tools (or Spark's"
            + " remove_orphan_files procedure)");
    }

    private static List<DataFile> dataFiles(Table table) {
        table.refresh();
        List<DataFile> files = new ArrayList<>();
        if (table.currentSnapshot() == null) {
            return files;
        }
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                if (!task.deletes().isEmpty()) {
                    throw new IllegalStateException(table.name() + " has delete files, which k2 never writes: compact"
                        + " it with an engine that applies deletes (Spark rewrite_data_files)");
                }
                files.add(task.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plan the files of " + table.name() + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static int count(Iterable<Snapshot> snapshots) {
        int n = 0;
        for (Snapshot ignored : snapshots) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        lock.close();
    }
}
