package dev.k2.persistence.cold;

import dev.k2.engine.instrument.InstrumentRegistry;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;

/**
 * How a {@link TickBatch} becomes Parquet data files of its table. Both write the same rows, the same
 * Iceberg field ids, zstd, column statistics and partitions; they differ only in speed.
 */
public enum ParquetEncoder {
    /** Whole pages encoded from the batch's sorted primitive arrays into parquet-mr's file writer (the default). */
    COLUMNAR {
        @Override
        List<DataFile> write(TickBatch batch, Table target, InstrumentRegistry registry) {
            return new ColumnarFileWriter(batch, target, registry).write();
        }
    },
    /** Iceberg's generic record writer, one {@code GenericRecord} per row: the reference the tests compare with. */
    GENERIC {
        @Override
        List<DataFile> write(TickBatch batch, Table target, InstrumentRegistry registry) {
            return batch.writeGeneric(target, registry);
        }
    };

    abstract List<DataFile> write(TickBatch batch, Table target, InstrumentRegistry registry);
}
