package dev.k2.persistence.cold;

import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Compresses whole pages with the table's codec ({@code write.parquet.compression-codec}, Iceberg's
 * default when unset; k2's tables set zstd), level
 * {@code write.parquet.compression-level}): zstd in one call on a reused native context (level 3
 * unless set, parquet-mr's default), no compression as is, any other codec through parquet-mr's
 * codec factory. The returned bytes are valid until the next call.
 */
final class PageCompressor implements AutoCloseable {
    /** parquet-mr's zstd level when the table sets none ({@code parquet.compression.codec.zstd.level}). */
    private static final int DEFAULT_ZSTD_LEVEL = 3;

    private final CompressionCodecName codec;
    private final ZstdCompressCtx zstd;
    private final CompressionCodecFactory.BytesInputCompressor other;
    private final CodecFactory factory;
    private final PageBuffer out = new PageBuffer(1 << 16);

    PageCompressor(Table table) {
        String name = table.properties().getOrDefault(TableProperties.PARQUET_COMPRESSION,
            TableProperties.PARQUET_COMPRESSION_DEFAULT);
        String level = table.properties().get(TableProperties.PARQUET_COMPRESSION_LEVEL);
        this.codec = CompressionCodecName.fromConf(name.toLowerCase(Locale.ROOT));
        if (codec == CompressionCodecName.ZSTD) {
            zstd = new ZstdCompressCtx().setLevel(level == null ? DEFAULT_ZSTD_LEVEL : Integer.parseInt(level));
            factory = null;
            other = null;
        } else if (codec == CompressionCodecName.UNCOMPRESSED) {
            zstd = null;
            factory = null;
            other = null;
        } else {
            Configuration conf = new Configuration(false);
            if (level != null) {
                conf.set("zlib.compress.level", level);
                conf.set("compression.brotli.quality", level);
            }
            zstd = null;
            factory = new CodecFactory(conf, TableProperties.PARQUET_PAGE_SIZE_BYTES_DEFAULT);
            other = factory.getCompressor(codec);
        }
    }

    CompressionCodecName codec() {
        return codec;
    }

    /** {@code page}'s bytes compressed; valid until the next call. */
    BytesInput compress(PageBuffer page) throws IOException {
        if (zstd != null) {
            out.clear();
            int bound = (int) com.github.luben.zstd.Zstd.compressBound(page.size());
            byte[] dst = out.reserve(bound);
            int length = zstd.compressByteArray(dst, 0, bound, page.bytes(), 0, page.size());
            return BytesInput.from(dst, 0, length);
        }
        BytesInput raw = BytesInput.from(page.bytes(), 0, page.size());
        return other == null ? raw : other.compress(raw);
    }

    @Override
    public void close() {
        if (zstd != null) {
            zstd.close();
        }
        if (factory != null) {
            factory.release();
        }
    }
}
