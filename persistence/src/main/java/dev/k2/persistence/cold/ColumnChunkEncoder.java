package dev.k2.persistence.cold;

import java.io.IOException;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.BinaryStatistics;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.LongStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Writes one column chunk, read by {@link LeafColumnReader}, as whole Parquet pages, the way parquet-mr's
 * v1 writer lays them out, so every reader that reads parquet-mr's files reads these:
 *
 * <pre>
 * chunk      := [dictionary page] data page+
 * dictionary := PLAIN entries, ascending (int32: 4 bytes LE, int64: 8 bytes LE, string: 4-byte LE length + UTF-8)
 *               encoding PLAIN_DICTIONARY, as parquet-mr's v1 writer marks it
 * data page  := [repetition levels] [definition levels] values        (v1: the three compressed together)
 * levels     := 4-byte LE length, RLE / bit-packing hybrid ({@link PageBuffer}), width of the max level;
 *               absent when the max level is 0 (marked BIT_PACKED, as parquet-mr marks it)
 * values     := PLAIN, or PLAIN_DICTIONARY: 1 byte id width, then the ids in the hybrid encoding
 * </pre>
 *
 * A page holds at most {@code write.parquet.page-row-limit} rows (20,000) and, for PLAIN strings, stops
 * after the row that reaches {@code write.parquet.page-size-bytes} (1 MiB). The whole chunk is in
 * memory, so the dictionary decision is made once, before any page: a column that is not
 * {@link LeafColumnReader.Leaf#nearlyUnique() nearly unique} gets a dictionary when its PLAIN size stays
 * within {@code write.parquet.dict-size-bytes} (2 MiB) and dictionary plus ids are smaller than PLAIN
 * values (parquet-mr falls back to PLAIN on the same two conditions, but after its first page).
 * Statistics (min, max, nulls) go with every page, for the page index; parquet-mr merges them into
 * the chunk's, from which Iceberg takes the data file's bounds. Dictionary entries are sorted, so a
 * page's bounds are the entries of its smallest and largest id.
 */
@SuppressWarnings("deprecation") // BIT_PACKED and PLAIN_DICTIONARY: what parquet-mr's v1 writer marks, so what readers expect
final class ColumnChunkEncoder {
    private final PageCompressor compressor;
    private final int pageRows;
    private final int pageBytes;
    private final int dictionaryBytes;
    private final PageBuffer page = new PageBuffer(1 << 18);
    private final LongDictionary numbers = new LongDictionary();
    private int[] newIds = new int[0];

    ColumnChunkEncoder(PageCompressor compressor, int pageRows, int pageBytes, int dictionaryBytes) {
        this.compressor = compressor;
        this.pageRows = pageRows;
        this.pageBytes = pageBytes;
        this.dictionaryBytes = dictionaryBytes;
    }

    void write(ParquetFileWriter file, ColumnDescriptor column, LeafColumnReader c, boolean tryDictionary) throws IOException {
        PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
        boolean binary = type == PrimitiveTypeName.BINARY;
        boolean int32 = type == PrimitiveTypeName.INT32;
        if (!binary && !int32 && type != PrimitiveTypeName.INT64) {
            throw new IllegalStateException("column " + column + " is " + type + ": ColumnChunkEncoder writes"
                + " int32, int64 and strings only");
        }
        int dictionarySize = binary ? dictionaryOfStrings(c, tryDictionary) : dictionaryOfNumbers(c, tryDictionary, int32 ? 4 : 8);
        boolean dictionary = dictionarySize >= 0;
        file.startColumn(column, c.entries, compressor.codec());
        if (dictionary) {
            writeDictionary(file, c, binary, int32, dictionarySize);
        }
        int maxDef = column.getMaxDefinitionLevel();
        int maxRep = column.getMaxRepetitionLevel();
        Encoding repetitionEncoding = maxRep > 0 ? Encoding.RLE : Encoding.BIT_PACKED;
        Encoding definitionEncoding = maxDef > 0 ? Encoding.RLE : Encoding.BIT_PACKED;
        Encoding valueEncoding = dictionary ? Encoding.PLAIN_DICTIONARY : Encoding.PLAIN;
        int idWidth = dictionary ? PageBuffer.bitWidth(dictionarySize - 1) : 0;
        int row = 0;
        int entry = 0;
        int value = 0;
        while (row < c.rows) {
            int rowEnd;
            int entryEnd;
            int valueEnd;
            if (binary && !dictionary) {
                rowEnd = row;
                entryEnd = entry;
                valueEnd = value;
                long bytes = 0;
                while (rowEnd < c.rows && rowEnd - row < pageRows && (rowEnd == row || bytes < pageBytes)) {
                    int next = maxRep > 0 ? c.rowEntry[rowEnd + 1] : rowEnd + 1;
                    for (int e = entryEnd; e < next; e++) {
                        if (maxDef == 0 || c.def[e] == maxDef) {
                            bytes += 4 + c.strings.length(c.ids[valueEnd++]);
                        }
                    }
                    entryEnd = next;
                    rowEnd++;
                }
            } else {
                rowEnd = Math.min(c.rows, row + pageRows);
                entryEnd = maxRep > 0 ? c.rowEntry[rowEnd] : rowEnd;
                valueEnd = value + present(c.def, entry, entryEnd, maxDef);
            }
            page.clear();
            if (maxRep > 0) {
                page.putLevels(c.rep, entry, entryEnd, PageBuffer.bitWidth(maxRep));
            }
            if (maxDef > 0) {
                page.putLevels(c.def, entry, entryEnd, PageBuffer.bitWidth(maxDef));
            }
            Statistics<?> statistics = Statistics.createStats(column.getPrimitiveType());
            if (dictionary) {
                page.putByte(idWidth);
                page.putHybrid(c.ids, value, valueEnd, idWidth);
                dictionaryBounds(statistics, c, binary, value, valueEnd);
            } else if (binary) {
                plainStrings(statistics, c, value, valueEnd);
            } else {
                plainNumbers(statistics, c.longs, int32, value, valueEnd);
            }
            statistics.incrementNumNulls((entryEnd - entry) - (valueEnd - value));
            BytesInput compressed = compressor.compress(page);
            file.writeDataPage(entryEnd - entry, page.size(), compressed, statistics, rowEnd - row,
                repetitionEncoding, definitionEncoding, valueEncoding);
            row = rowEnd;
            entry = entryEnd;
            value = valueEnd;
        }
        file.endColumn();
    }

    private static int present(int[] def, int from, int to, int maxDef) {
        if (maxDef == 0) {
            return to - from;
        }
        int count = 0;
        for (int e = from; e < to; e++) {
            count += def[e] == maxDef ? 1 : 0;
        }
        return count;
    }

    /** The dictionary size when the chunk gets one (its ids in {@code c.ids}), -1 for PLAIN. */
    private int dictionaryOfNumbers(LeafColumnReader c, boolean tryDictionary, int width) {
        if (!tryDictionary || c.values == 0) {
            return -1;
        }
        numbers.clear();
        int limit = dictionaryBytes / width;
        long[] longs = c.longs;
        int[] ids = c.ids;
        for (int v = 0; v < c.values; v++) {
            ids[v] = numbers.add(longs[v]);
            if (numbers.size() > limit) {
                return -1;
            }
        }
        int size = numbers.size();
        long plain = (long) c.values * width;
        long encoded = (long) size * width + ((long) c.values * PageBuffer.bitWidth(size - 1) + 7) / 8;
        return encoded < plain ? size : -1;
    }

    /** The dictionary size when the chunk gets one, -1 for PLAIN (the ids stay, to find the values). */
    private int dictionaryOfStrings(LeafColumnReader c, boolean tryDictionary) {
        BinaryDictionary strings = c.strings;
        int size = strings.size();
        if (!tryDictionary || c.values == 0 || strings.bytesUsed() + 4L * size > dictionaryBytes) {
            return -1;
        }
        long plain = 0;
        for (int v = 0; v < c.values; v++) {
            plain += 4 + strings.length(c.ids[v]);
        }
        long encoded = strings.bytesUsed() + 4L * size + ((long) c.values * PageBuffer.bitWidth(size - 1) + 7) / 8;
        return encoded < plain ? size : -1;
    }

    /** Sorts the dictionary, renumbers the chunk's ids and writes the dictionary page. */
    private void writeDictionary(ParquetFileWriter file, LeafColumnReader c, boolean binary, boolean int32, int size)
        throws IOException {
        if (newIds.length < size) {
            newIds = new int[Math.max(size, newIds.length * 2)];
        }
        int[] renumber = binary ? c.strings.sort(newIds) : numbers.sort(newIds);
        int[] ids = c.ids;
        for (int v = 0; v < c.values; v++) {
            ids[v] = renumber[ids[v]];
        }
        page.clear();
        for (int id = 0; id < size; id++) {
            if (binary) {
                page.putInt(c.strings.length(id));
                page.putBytes(c.strings.bytes(), c.strings.at(id), c.strings.length(id));
            } else if (int32) {
                page.putInt((int) numbers.entry(id));
            } else {
                page.putLong(numbers.entry(id));
            }
        }
        BytesInput compressed = compressor.compress(page);
        file.writeDictionaryPage(new DictionaryPage(compressed, page.size(), size, Encoding.PLAIN_DICTIONARY));
    }

    private void dictionaryBounds(Statistics<?> statistics, LeafColumnReader c, boolean binary, int from, int to) {
        if (from == to) {
            return;
        }
        int[] ids = c.ids;
        int min = ids[from];
        int max = min;
        for (int v = from + 1; v < to; v++) {
            int id = ids[v];
            min = Math.min(min, id);
            max = Math.max(max, id);
        }
        if (binary) {
            bounds((BinaryStatistics) statistics, binary(c.strings, min), binary(c.strings, max));
        } else {
            setBounds(statistics, numbers.entry(min), numbers.entry(max));
        }
    }

    private void plainStrings(Statistics<?> statistics, LeafColumnReader c, int from, int to) {
        if (from == to) {
            return;
        }
        BinaryDictionary strings = c.strings;
        int[] ids = c.ids;
        int min = ids[from];
        int max = min;
        for (int v = from; v < to; v++) {
            int id = ids[v];
            int length = strings.length(id);
            page.putInt(length);
            page.putBytes(strings.bytes(), strings.at(id), length);
            if (strings.compare(id, min) < 0) {
                min = id;
            } else if (strings.compare(id, max) > 0) {
                max = id;
            }
        }
        bounds((BinaryStatistics) statistics, binary(strings, min), binary(strings, max));
    }

    private void plainNumbers(Statistics<?> statistics, long[] longs, boolean int32, int from, int to) {
        if (int32) {
            page.putLongsAsInts(longs, from, to);
        } else {
            page.putLongs(longs, from, to);
        }
        if (from == to) {
            return;
        }
        long min = longs[from];
        long max = min;
        for (int v = from + 1; v < to; v++) {
            min = Math.min(min, longs[v]);
            max = Math.max(max, longs[v]);
        }
        setBounds(statistics, min, max);
    }

    private static void bounds(BinaryStatistics statistics, Binary min, Binary max) {
        statistics.updateStats(min);
        statistics.updateStats(max);
    }

    private static void setBounds(Statistics<?> statistics, long min, long max) {
        if (statistics instanceof IntStatistics ints) {
            ints.setMinMax((int) min, (int) max);
        } else {
            ((LongStatistics) statistics).setMinMax(min, max);
        }
    }

    /** A copy: parquet-mr keeps page bounds (for the column index) until the file ends. */
    private static Binary binary(BinaryDictionary strings, int id) {
        int at = strings.at(id);
        return Binary.fromConstantByteArray(Arrays.copyOfRange(strings.bytes(), at, at + strings.length(id)));
    }
}
