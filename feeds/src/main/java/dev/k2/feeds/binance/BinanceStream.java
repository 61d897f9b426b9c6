package dev.k2.feeds.binance;

import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.TickKind;
import java.util.Locale;

/**
 * The Binance stream kinds K2 decodes, with the engine stream each one feeds: the channel within
 * an instrument and how its ids are sequenced.
 *
 * <ul>
 *   <li>{@code trade}: channel 1, sequence = trade id {@code t}, contiguous per symbol, so a skip is a gap.</li>
 *   <li>{@code aggTrade}: channel 2, sequence = aggregate trade id {@code a}, contiguous per symbol.</li>
 *   <li>{@code bookTicker}: channel 3, quotes; {@code u} only increases and skips are normal, so the
 *       stream is unsequenced and {@code u} is only a dedup key.</li>
 * </ul>
 */
public enum BinanceStream {
    TRADE("trade", 1, TickKind.TRADE, SequencePolicy.PERMANENT, "/api/v3/historicalTrades"),
    AGG_TRADE("aggTrade", 2, TickKind.TRADE, SequencePolicy.PERMANENT, "/api/v3/aggTrades"),
    BOOK_TICKER("bookTicker", 3, TickKind.QUOTE, SequencePolicy.UNSEQUENCED, null);

    private static final BinanceStream[] VALUES = values();

    private final String wireName;
    private final int channel;
    private final TickKind kind;
    private final SequencePolicy policy;
    private final String backfillPath;

    BinanceStream(String wireName, int channel, TickKind kind, SequencePolicy policy, String backfillPath) {
        this.wireName = wireName;
        this.channel = channel;
        this.kind = kind;
        this.policy = policy;
        this.backfillPath = backfillPath;
    }

    /** The name in stream names and the {@code "e"} field: trade, aggTrade, bookTicker. */
    public String wireName() {
        return wireName;
    }

    public int channel() {
        return channel;
    }

    public TickKind kind() {
        return kind;
    }

    public SequencePolicy policy() {
        return policy;
    }

    /** True when ids are contiguous per symbol, so a skip is a gap that REST can fill. */
    public boolean gapFillable() {
        return backfillPath != null;
    }

    /** The REST path that pages this stream's history by id, or null when it has none. */
    public String backfillPath() {
        return backfillPath;
    }

    /** The stream name for a symbol: {@code btcusdt@trade}. */
    public String streamName(String symbol) {
        return symbol.toLowerCase(Locale.ROOT) + "@" + wireName;
    }

    /** @throws IllegalArgumentException naming the allowed kinds */
    public static BinanceStream parse(String text) {
        for (BinanceStream stream : VALUES) {
            if (stream.wireName.equalsIgnoreCase(text.trim())) {
                return stream;
            }
        }
        throw new IllegalArgumentException("unknown Binance stream kind '" + text + "': use trade, aggTrade or bookTicker");
    }

    public static BinanceStream ofChannel(int channel) {
        for (BinanceStream stream : VALUES) {
            if (stream.channel == channel) {
                return stream;
            }
        }
        return null;
    }
}
