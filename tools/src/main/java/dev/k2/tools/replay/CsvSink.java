package dev.k2.tools.replay;

import dev.k2.engine.instrument.Instrument;
import dev.k2.engine.tick.Scaled;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.VendorData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Ticks as CSV with a header row. Prices and sizes are exact decimals; times ISO-8601 UTC with
 * nanoseconds where present; vendor data as {@code key=value} pairs joined by {@code ;}.
 */
public final class CsvSink implements ReplaySink {
    public static final String HEADER = "symbol,venue,kind,exchange_time,receive_time,channel,source_seq,trade_id,"
        + "side,price,quantity,bid_price,bid_size,ask_price,ask_size,conditions,sequence_class,vendor_data";

    private final Writer out;
    private final boolean closeUnderlying;
    private final StringBuilder line = new StringBuilder(256);

    private CsvSink(Writer out, boolean closeUnderlying) {
        this.out = out;
        this.closeUnderlying = closeUnderlying;
        write(HEADER + "\n");
    }

    static CsvSink toStdout() {
        return new CsvSink(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16), false);
    }

    static CsvSink toFile(Path file) {
        try {
            return new CsvSink(Files.newBufferedWriter(file, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV to " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV: " + e.getMessage(), e);
        }
    }

    @Override
    public void onTick(Instrument instrument, TickEvent t) {
        StringBuilder b = line;
        b.setLength(0);
        b.append(instrument.symbol()).append(',').append(instrument.venue()).append(',').append(t.kind).append(',');
        appendTime(b, t.exchangeTimeNs).append(',');
        appendTime(b, t.receiveTimeNs).append(',');
        b.append(t.channel).append(',').append(t.sourceSeq).append(',');
        if (t.tradeId >= 0) {
            b.append(t.tradeId);
        }
        b.append(',').append(t.side).append(',');
        Scaled.append(b, t.price).append(',');
        Scaled.append(b, t.quantity).append(',');
        Scaled.append(b, t.bidPrice).append(',');
        Scaled.append(b, t.bidSize).append(',');
        Scaled.append(b, t.askPrice).append(',');
        Scaled.append(b, t.askSize).append(',');
        b.append(t.conditions).append(',').append(t.sequenceClass).append(',');
        if (t.vendorLength > 0) {
            boolean first = true;
            for (Map.Entry<String, String> e : VendorData.toMap(t.vendorData, 0, t.vendorLength).entrySet()) {
                if (!first) {
                    b.append(';');
                }
                b.append(e.getKey()).append('=').append(e.getValue());
                first = false;
            }
        }
        b.append('\n');
        try {
            out.append(b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV: " + e.getMessage(), e);
        }
    }

    static StringBuilder appendTime(StringBuilder b, long epochNs) {
        return b.append(Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L)));
    }

    @Override
    public void close() {
        try {
            if (closeUnderlying) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish CSV: " + e.getMessage(), e);
        }
    }
}
