package dev.k2.feeds.binance;

import dev.k2.engine.journal.RejectReason;
import dev.k2.engine.tick.Scaled;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.VendorData;
import dev.k2.feeds.text.AsciiView;

/**
 * Decodes one Binance market-data frame ({@code trade}, {@code aggTrade}, {@code bookTicker}, raw
 * or wrapped as a combined-stream {@code {"stream":..,"data":..}}) in two steps, so that a full
 * ring never loses a decoded frame:
 *
 * <ol>
 *   <li>{@link #decode} scans and validates the frame into this decoder's primitive fields and
 *       returns {@link #TICK}, {@link #SHUTDOWN}, {@link #IGNORED} or {@link #MALFORMED};</li>
 *   <li>{@link #writeTo} fills a claimed ring slot from them.</li>
 * </ol>
 *
 * <p>No object, {@code String} or boxed number is made per message: fields are byte ranges of the
 * frame, decimals go through {@link Scaled#parse} into exact scaled longs, the symbol is resolved by
 * its bytes in a {@link SymbolTable}. Only a rejection builds its message string.
 *
 * <p>Mapping: {@code T} (ms) is the exchange time; the trade id ({@code t}, or {@code a} for an
 * aggTrade) is both the native trade id and the sequence; buyer-is-maker {@code m=true} means the
 * seller was the aggressor ({@link Side#SELL}). Binance-only fields go to vendor data under their
 * own one-letter keys: {@code E} (event time, ms), {@code m}, {@code M}, and {@code f}/{@code l}
 * (first/last trade id of an aggTrade). bookTicker carries no time, so its exchange time is the
 * receive time, and its update id {@code u} is the dedup key of an unsequenced stream.
 */
public final class BinanceDecoder {
    /** A tick was decoded: call {@link #writeTo}. */
    public static final int TICK = 1;
    /** A {@code serverShutdown} event: the server is about to close this connection. */
    public static final int SHUTDOWN = 2;
    /** A well-formed message that carries no tick (a subscription reply). */
    public static final int IGNORED = 3;
    /** Rejected: see {@link #rejectReason()} and {@link #rejectMessage()}. */
    public static final int MALFORMED = 4;

    /** 2001-09-09 and 2100-01-01 in epoch milliseconds: a time outside is not a Binance time in ms. */
    static final long MIN_TIME_MS = 1_000_000_000_000L;
    static final long MAX_TIME_MS = 4_102_444_800_000L;

    private final SymbolTable symbols;
    private final JsonFields json = new JsonFields();
    private final AsciiView view = new AsciiView();

    private byte[] frame;
    private BinanceStream stream;
    private int instrumentId;
    private long id;
    private long price;
    private long quantity;
    private long bidPrice;
    private long bidSize;
    private long askPrice;
    private long askSize;
    private long exchangeTimeMs;
    private Side side;
    private RejectReason rejectReason;
    private String rejectMessage;

    public BinanceDecoder(SymbolTable symbols) {
        this.symbols = symbols;
    }

    /** Decodes {@code bytes[offset, offset + length)}; the bytes must stay unchanged until {@link #writeTo}. */
    public int decode(byte[] bytes, int offset, int length) {
        frame = bytes;
        rejectMessage = null;
        rejectReason = null;
        if (!json.scan(bytes, offset, length, "data")) {
            return reject(RejectReason.MALFORMED_LINE, "not valid JSON: " + json.error());
        }
        if (json.has('e')) {
            if (json.stringEquals('e', "trade")) {
                return trade();
            }
            if (json.stringEquals('e', "aggTrade")) {
                return aggTrade();
            }
            if (json.stringEquals('e', "serverShutdown")) {
                return SHUTDOWN;
            }
            return reject(RejectReason.MALFORMED_LINE, "unexpected event type 'e' in a market-data frame");
        }
        if (json.has('u')) {
            return bookTicker();
        }
        if (!json.entered() && json.scan(bytes, offset, length, "event") && json.entered()
            && json.stringEquals('e', "serverShutdown")) {
            return SHUTDOWN;
        }
        if (!json.entered() && json.streamStart() < 0 && !json.has('s')) {
            return IGNORED;
        }
        return reject(RejectReason.MALFORMED_LINE, "not a trade, aggTrade or bookTicker payload (no 'e' or 'u' field)");
    }

    private int trade() {
        stream = BinanceStream.TRADE;
        if (!symbol() || !eventTime()) {
            return MALFORMED;
        }
        id = unsigned('t', "trade id");
        if (id < 0) {
            return MALFORMED;
        }
        return priceQuantityTimeSide();
    }

    private int aggTrade() {
        stream = BinanceStream.AGG_TRADE;
        if (!symbol() || !eventTime()) {
            return MALFORMED;
        }
        id = unsigned('a', "aggregate trade id");
        if (id < 0) {
            return MALFORMED;
        }
        long first = unsigned('f', "first trade id");
        if (first < 0) {
            return MALFORMED;
        }
        long last = unsigned('l', "last trade id");
        if (last < 0) {
            return MALFORMED;
        }
        if (last < first) {
            return reject(RejectReason.BAD_VALUE, "last trade id 'l' is below first trade id 'f'");
        }
        return priceQuantityTimeSide();
    }

    private int priceQuantityTimeSide() {
        price = decimal('p', "price");
        if (price == Scaled.INVALID) {
            return MALFORMED;
        }
        quantity = decimal('q', "quantity");
        if (quantity == Scaled.INVALID) {
            return MALFORMED;
        }
        if (price <= 0) {
            return reject(RejectReason.BAD_VALUE, "price 'p' must be above zero");
        }
        if (quantity <= 0) {
            return reject(RejectReason.BAD_VALUE, "quantity 'q' must be above zero");
        }
        exchangeTimeMs = time('T', "trade time");
        if (exchangeTimeMs < 0) {
            return MALFORMED;
        }
        byte maker = json.type('m');
        if (maker != JsonFields.TRUE && maker != JsonFields.FALSE) {
            return reject(RejectReason.MALFORMED_LINE, maker == 0 ? "field 'm' (buyer is maker) is missing"
                : "field 'm' (buyer is maker) must be true or false");
        }
        side = maker == JsonFields.TRUE ? Side.SELL : Side.BUY;
        byte bestMatch = json.type('M');
        if (bestMatch != 0 && bestMatch != JsonFields.TRUE && bestMatch != JsonFields.FALSE) {
            return reject(RejectReason.MALFORMED_LINE, "field 'M' (best match) must be true or false");
        }
        return TICK;
    }

    private int bookTicker() {
        stream = BinanceStream.BOOK_TICKER;
        if (!symbol()) {
            return MALFORMED;
        }
        id = unsigned('u', "order book update id");
        if (id < 0) {
            return MALFORMED;
        }
        bidPrice = decimal('b', "best bid price");
        if (bidPrice == Scaled.INVALID) {
            return MALFORMED;
        }
        bidSize = decimal('B', "best bid quantity");
        if (bidSize == Scaled.INVALID) {
            return MALFORMED;
        }
        askPrice = decimal('a', "best ask price");
        if (askPrice == Scaled.INVALID) {
            return MALFORMED;
        }
        askSize = decimal('A', "best ask quantity");
        if (askSize == Scaled.INVALID) {
            return MALFORMED;
        }
        if (bidPrice < 0 || bidSize < 0 || askPrice < 0 || askSize < 0) {
            return reject(RejectReason.BAD_VALUE, "bookTicker prices and quantities must not be negative");
        }
        exchangeTimeMs = -1;
        side = Side.UNKNOWN;
        return TICK;
    }

    private boolean symbol() {
        if (json.type('s') != JsonFields.STRING) {
            reject(RejectReason.MALFORMED_LINE, json.has('s') ? "field 's' (symbol) must be a string"
                : "field 's' (symbol) is missing");
            return false;
        }
        instrumentId = symbols.find(frame, json.start('s'), json.end('s'));
        if (instrumentId == 0) {
            reject(RejectReason.UNKNOWN_INSTRUMENT, "symbol '" + view.wrap(frame, json.start('s'),
                json.end('s') - json.start('s')) + "' was not subscribed");
            return false;
        }
        return true;
    }

    private boolean eventTime() {
        return time('E', "event time") >= 0;
    }

    private long time(char key, String name) {
        long ms = unsigned(key, name);
        if (ms < 0) {
            return -1;
        }
        if (ms < MIN_TIME_MS || ms > MAX_TIME_MS) {
            reject(RejectReason.BAD_TIME, "field '" + key + "' (" + name + ") is not epoch milliseconds between 2001 and 2100");
            return -1;
        }
        return ms;
    }

    /** A non-negative JSON integer, or -1 after rejecting. */
    private long unsigned(char key, String name) {
        byte type = json.type(key);
        if (type != JsonFields.NUMBER) {
            reject(RejectReason.MALFORMED_LINE, "field '" + key + "' (" + name + ") "
                + (type == 0 ? "is missing" : "must be a JSON integer"));
            return -1;
        }
        int from = json.start(key);
        int to = json.end(key);
        if (to - from > 18) {
            reject(RejectReason.BAD_VALUE, "field '" + key + "' (" + name + ") has more than 18 digits");
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = frame[i];
            if (b < '0' || b > '9') {
                reject(RejectReason.BAD_VALUE, "field '" + key + "' (" + name + ") must be a non-negative integer");
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /** An exact decimal string, or {@link Scaled#INVALID} after rejecting. */
    private long decimal(char key, String name) {
        byte type = json.type(key);
        if (type != JsonFields.STRING) {
            reject(RejectReason.MALFORMED_LINE, "field '" + key + "' (" + name + ") "
                + (type == 0 ? "is missing" : "must be a decimal string"));
            return Scaled.INVALID;
        }
        long value = parseScaled(frame, json.start(key), json.end(key));
        if (value == Scaled.INVALID) {
            reject(RejectReason.BAD_NUMBER, "field '" + key + "' (" + name + ") is not an exact decimal with at most 8 places");
        }
        return value;
    }

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L};

    /**
     * {@link Scaled#parse(CharSequence, int, int)} over bytes, with the same rules (plain decimal,
     * at most 8 significant fraction digits, no overflow), without a {@code CharSequence} in between.
     */
    static long parseScaled(byte[] text, int start, int end) {
        if (start >= end) {
            return Scaled.INVALID;
        }
        int i = start;
        boolean negative = text[i] == '-';
        if (negative) {
            i++;
        }
        long whole = 0;
        int wholeDigits = 0;
        while (i < end && text[i] != '.') {
            int d = text[i] - '0';
            if (d < 0 || d > 9 || whole > (Long.MAX_VALUE / Scaled.ONE - 9) / 10) {
                return Scaled.INVALID;
            }
            whole = whole * 10 + d;
            wholeDigits++;
            i++;
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < end) {
            i++;
            for (; i < end; i++) {
                int d = text[i] - '0';
                if (d < 0 || d > 9) {
                    return Scaled.INVALID;
                }
                if (fractionDigits == Scaled.SCALE_DIGITS) {
                    if (d != 0) {
                        return Scaled.INVALID;
                    }
                } else {
                    fraction = fraction * 10 + d;
                    fractionDigits++;
                }
            }
            if (fractionDigits == 0 && wholeDigits == 0) {
                return Scaled.INVALID;
            }
        } else if (wholeDigits == 0) {
            return Scaled.INVALID;
        }
        long value = whole * Scaled.ONE + fraction * POW10[Scaled.SCALE_DIGITS - fractionDigits];
        return negative ? -value : value;
    }

    private int reject(RejectReason reason, String message) {
        rejectReason = reason;
        rejectMessage = message;
        return MALFORMED;
    }

    /** Fills a cleared slot from the last {@link #TICK}. */
    public void writeTo(TickEvent event, long receiveTimeNs) {
        BinanceStream s = stream;
        event.kind = s.kind();
        event.instrumentId = instrumentId;
        event.channel = s.channel();
        event.sequencePolicy = s.policy();
        event.receiveTimeNs = receiveTimeNs;
        event.exchangeTimeNs = exchangeTimeMs < 0 ? receiveTimeNs : exchangeTimeMs * 1_000_000L;
        event.sourceSeq = id;
        event.tradeId = id;
        event.side = side;
        if (s == BinanceStream.BOOK_TICKER) {
            event.bidPrice = bidPrice;
            event.bidSize = bidSize;
            event.askPrice = askPrice;
            event.askSize = askSize;
            return;
        }
        event.price = price;
        event.quantity = quantity;
        vendor(event, 'E');
        vendor(event, 'm');
        vendor(event, 'M');
        if (s == BinanceStream.AGG_TRADE) {
            vendor(event, 'f');
            vendor(event, 'l');
        }
    }

    private static final String[] KEYS = new String[128];

    static {
        for (char c : new char[] {'E', 'm', 'M', 'f', 'l'}) {
            KEYS[c] = String.valueOf(c);
        }
    }

    /** Fits always: at most five one-letter keys with values of at most 19 characters (fewer than 96 bytes). */
    private void vendor(TickEvent event, char key) {
        if (json.has(key)) {
            int from = json.start(key);
            VendorData.put(event, KEYS[key], view.wrap(frame, from, json.end(key) - from));
        }
    }

    /** The stream of the last tick decoded. */
    public BinanceStream stream() {
        return stream;
    }

    public int instrumentId() {
        return instrumentId;
    }

    /** Trade id, aggregate trade id or book update id of the last tick decoded. */
    public long id() {
        return id;
    }

    public RejectReason rejectReason() {
        return rejectReason;
    }

    public String rejectMessage() {
        return rejectMessage;
    }
}
