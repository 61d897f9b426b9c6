package dev.k2.persistence.cold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where compaction rolls its output: equal files, as few as the target allows, no small last file. */
@Timeout(10)
class CompactionSizingTest {
    private static final long MIB = 1L << 20;
    private static final long TARGET = 128 * MIB;

    @Test
    void oneAndAHalfTargetsBecomeTwoEqualFilesNotATargetAndASmallRest() {
        // 240 files of 0.7 MiB, 100,000 rows each: 168 MiB, 24 M rows -> 2 files of 12 M rows
        assertThat(ColdMaintenance.balancedRowsPerFile(files(240, 700 * 1024, 100_000), TARGET)).isEqualTo(12_000_000);
    }

    @Test
    void lessThanOneTargetBecomesOneFile() {
        assertThat(ColdMaintenance.balancedRowsPerFile(files(10, MIB, 1_000), TARGET)).isEqualTo(10_000);
    }

    @Test
    void rowsThatDoNotDivideEvenlyRoundUpSoNoRowIsLeftForAnExtraFile() {
        // 3 files' worth of bytes, 1,000,001 rows: 333,334 rows per file, the last one 333,333
        assertThat(ColdMaintenance.balancedRowsPerFile(files(1, 3 * TARGET, 1_000_001), TARGET)).isEqualTo(333_334);
    }

    private static List<DataFile> files(int count, long bytes, long rows) {
        List<DataFile> files = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            files.add(DataFiles.builder(PartitionSpec.unpartitioned()).withPath("/warehouse/f" + f + ".parquet")
                .withFileSizeInBytes(bytes).withRecordCount(rows).build());
        }
        return files;
    }
}
