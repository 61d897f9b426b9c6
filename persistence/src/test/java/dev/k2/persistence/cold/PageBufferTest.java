package dev.k2.persistence.cold;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The RLE / bit-packing hybrid that {@link PageBuffer} writes reads back through parquet-mr's decoder. */
@Timeout(60)
class PageBufferTest {
    @Test
    void hybridReadsBackThroughParquetMrAtEveryWidth() throws IOException {
        Random random = new Random(7);
        PageBuffer buffer = new PageBuffer(16);
        for (int width = 0; width <= 32; width++) {
            for (int round = 0; round < 20; round++) {
                int[] values = values(random, width, random.nextInt(2_000) + 1);
                buffer.clear();
                buffer.putByte(0x5A); // the hybrid need not start at 0
                buffer.putHybrid(values, 1, values.length, width);
                RunLengthBitPackingHybridDecoder decoder = new RunLengthBitPackingHybridDecoder(width,
                    new ByteArrayInputStream(buffer.bytes(), 1, buffer.size() - 1));
                for (int k = 1; k < values.length; k++) {
                    assertThat(decoder.readInt()).as("width %d value %d", width, k).isEqualTo(values[k]);
                }
            }
        }
    }

    @Test
    void levelsCarryTheirLengthAndLongRunsStaySmall() {
        PageBuffer buffer = new PageBuffer(16);
        int[] levels = new int[20_000];
        java.util.Arrays.fill(levels, 1);
        buffer.putLevels(levels, 0, levels.length, 1);
        // 4-byte length, varint(20000 << 1) = 3 bytes, the value in 1 byte
        assertThat(buffer.size()).isEqualTo(8);
        assertThat(buffer.bytes()[0]).isEqualTo((byte) 4);
    }

    @Test
    void bitWidthOfTheLargestValue() {
        assertThat(PageBuffer.bitWidth(0)).isZero();
        assertThat(PageBuffer.bitWidth(1)).isEqualTo(1);
        assertThat(PageBuffer.bitWidth(2)).isEqualTo(2);
        assertThat(PageBuffer.bitWidth(255)).isEqualTo(8);
        assertThat(PageBuffer.bitWidth(256)).isEqualTo(9);
    }

    /** Runs of equal values (short and long) mixed with noise, each below 2^width. */
    private static int[] values(Random random, int width, int count) {
        long bound = 1L << width;
        int[] values = new int[count];
        int k = 0;
        while (k < count) {
            int value = (int) (random.nextLong() & (bound - 1));
            int run = switch (random.nextInt(4)) {
                case 0 -> 1 + random.nextInt(300);
                case 1 -> 1 + random.nextInt(9);
                default -> 1;
            };
            for (int r = 0; r < run && k < count; r++) {
                values[k++] = value;
            }
        }
        return values;
    }
}
