package dev.k2.query.http;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.QueryService;
import dev.k2.query.api.ResultStream;
import dev.k2.query.api.Trade;
import dev.k2.query.api.TradeFields;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One connection's last-N answer taken field by field from the engine
 * ({@link QueryService#lastTradesFromMemory}) into columns, then handed to the row writer as one
 * {@link Trade} view pointed at each row in turn: no row object per trade. Used only for answers that
 * fit one batch, so all of it runs on the connection's event loop, one answer at a time. The columns
 * grow to the answer and are dropped after one of more than {@value #KEEP_ROWS} rows (as the
 * connection's text buffer is trimmed), so an idle connection holds little.
 */
final class HeldTrades implements TradeFields, Trade, ResultStream<Object> {
    /** Rows whose columns (~88 B a row) a connection keeps between answers. */
    static final int KEEP_ROWS = 128;
    private static final String[] NO_STRINGS = {};
    private static final int[] NO_INTS = {};
    private static final long[] NO_LONGS = {};
    private static final Side[] NO_SIDES = {};

    private String[] venue = NO_STRINGS;
    private String[] symbol = NO_STRINGS;
    private int[] channel = NO_INTS;
    private long[] exchangeMicros = NO_LONGS;
    private long[] receiveMicros = NO_LONGS;
    private long[] sourceSeq = NO_LONGS;
    private long[] tradeId = NO_LONGS;
    private Side[] side = NO_SIDES;
    private long[] price = NO_LONGS;
    private long[] quantity = NO_LONGS;
    private int[] conditions = NO_INTS;
    private long[] journalIndex = NO_LONGS;
    private int[] journalRecord = NO_INTS;
    private int size;
    private int position;
    /** The row the {@link Trade} view shows. */
    private int at;

    /** Empties it for the next answer. */
    HeldTrades clear() {
        if (venue.length > KEEP_ROWS) {
            grow(0);
        } else {
            Arrays.fill(venue, 0, size, null);
            Arrays.fill(symbol, 0, size, null);
        }
        size = 0;
        position = 0;
        return this;
    }

    @Override
    public void trade(String venue, String symbol, int channel, long exchangeTimeMicros, long receiveTimeMicros,
                      long sourceSeq, long tradeId, Side side, long price, long quantity, int conditions,
                      long journalIndex, int journalRecord) {
        if (size == this.venue.length) {
            grow(Math.max(16, size * 2));
        }
        int i = size++;
        this.venue[i] = venue;
        this.symbol[i] = symbol;
        this.channel[i] = channel;
        this.exchangeMicros[i] = exchangeTimeMicros;
        this.receiveMicros[i] = receiveTimeMicros;
        this.sourceSeq[i] = sourceSeq;
        this.tradeId[i] = tradeId;
        this.side[i] = side;
        this.price[i] = price;
        this.quantity[i] = quantity;
        this.conditions[i] = conditions;
        this.journalIndex[i] = journalIndex;
        this.journalRecord[i] = journalRecord;
    }

    private void grow(int capacity) {
        venue = Arrays.copyOf(venue, capacity);
        symbol = Arrays.copyOf(symbol, capacity);
        channel = Arrays.copyOf(channel, capacity);
        exchangeMicros = Arrays.copyOf(exchangeMicros, capacity);
        receiveMicros = Arrays.copyOf(receiveMicros, capacity);
        sourceSeq = Arrays.copyOf(sourceSeq, capacity);
        tradeId = Arrays.copyOf(tradeId, capacity);
        side = Arrays.copyOf(side, capacity);
        price = Arrays.copyOf(price, capacity);
        quantity = Arrays.copyOf(quantity, capacity);
        conditions = Arrays.copyOf(conditions, capacity);
        journalIndex = Arrays.copyOf(journalIndex, capacity);
        journalRecord = Arrays.copyOf(journalRecord, capacity);
    }

    /** Hands out the held rows as this one view, moved to each row before {@code out} sees it. */
    @Override
    public int poll(int max, Consumer<? super Object> out) {
        if (position >= size) {
            return END;
        }
        int n = Math.min(max, size - position);
        for (int k = 0; k < n; k++) {
            at = position++;
            out.accept(this); // the writer formats the row at once; it must not keep the view
        }
        return n;
    }

    @Override
    public void close() {
        position = size;
    }

    @Override
    public String venue() {
        return venue[at];
    }

    @Override
    public String symbol() {
        return symbol[at];
    }

    @Override
    public int channel() {
        return channel[at];
    }

    @Override
    public long exchangeTimeMicros() {
        return exchangeMicros[at];
    }

    @Override
    public long receiveTimeMicros() {
        return receiveMicros[at];
    }

    @Override
    public long sourceSeq() {
        return sourceSeq[at];
    }

    @Override
    public long tradeId() {
        return tradeId[at];
    }

    @Override
    public Side side() {
        return side[at];
    }

    @Override
    public long price() {
        return price[at];
    }

    @Override
    public long quantity() {
        return quantity[at];
    }

    @Override
    public int conditions() {
        return conditions[at];
    }

    @Override
    public long journalIndex() {
        return journalIndex[at];
    }

    @Override
    public int journalRecord() {
        return journalRecord[at];
    }
}
