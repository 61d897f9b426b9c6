package dev.k2.query.protocol;

import dev.k2.query.api.AsOf;
import dev.k2.query.api.BarInterval;
import dev.k2.query.api.Cursor;
import dev.k2.query.api.Direction;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.Query;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.TickFilter;
import dev.k2.query.protocol.sbe.AsOfKind;
import dev.k2.query.protocol.sbe.BarsRequestDecoder;
import dev.k2.query.protocol.sbe.BarsRequestEncoder;
import dev.k2.query.protocol.sbe.BooleanType;
import dev.k2.query.protocol.sbe.DirectionCode;
import dev.k2.query.protocol.sbe.IntervalCode;
import dev.k2.query.protocol.sbe.LastTradesRequestDecoder;
import dev.k2.query.protocol.sbe.LastTradesRequestEncoder;
import dev.k2.query.protocol.sbe.LatestQuoteRequestDecoder;
import dev.k2.query.protocol.sbe.LatestQuoteRequestEncoder;
import dev.k2.query.protocol.sbe.MessageHeaderDecoder;
import dev.k2.query.protocol.sbe.MessageHeaderEncoder;
import dev.k2.query.protocol.sbe.SnapshotsRequestDecoder;
import dev.k2.query.protocol.sbe.SnapshotsRequestEncoder;
import dev.k2.query.protocol.sbe.StatsRequestDecoder;
import dev.k2.query.protocol.sbe.StatsRequestEncoder;
import dev.k2.query.protocol.sbe.SubscribeRequestDecoder;
import dev.k2.query.protocol.sbe.SubscribeRequestEncoder;
import dev.k2.query.protocol.sbe.SummaryRequestDecoder;
import dev.k2.query.protocol.sbe.SummaryRequestEncoder;
import dev.k2.query.protocol.sbe.SymbolsRequestDecoder;
import dev.k2.query.protocol.sbe.SymbolsRequestEncoder;
import dev.k2.query.protocol.sbe.TickTable;
import dev.k2.query.protocol.sbe.TicksRequestDecoder;
import dev.k2.query.protocol.sbe.TicksRequestEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Translates between {@link Query} records and the request messages (one template per query kind).
 * Owned by one thread (flyweights and the encoding buffer are reused).
 *
 * <p>Absent values on the wire: an empty venue is "any venue", an empty zone "the venue's zone", an
 * empty cursor "from the start"; {@code SubscribeRequest.fromMicros} uses the SBE null value.
 * Decoding throws {@link QueryException} BAD_REQUEST for a well-formed request with bad values (the
 * request fails, the connection stays); a frame that is not well formed throws
 * {@link IndexOutOfBoundsException} from the bounds-checked buffer (the connection closes).
 */
public final class RequestCodec {
    /** A decoded request: the client's id and the query. */
    public record Request(long requestId, Query<?> query) {
    }

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TicksRequestEncoder ticksOut = new TicksRequestEncoder();
    private final LastTradesRequestEncoder lastTradesOut = new LastTradesRequestEncoder();
    private final LatestQuoteRequestEncoder latestQuoteOut = new LatestQuoteRequestEncoder();
    private final BarsRequestEncoder barsOut = new BarsRequestEncoder();
    private final SummaryRequestEncoder summaryOut = new SummaryRequestEncoder();
    private final SymbolsRequestEncoder symbolsOut = new SymbolsRequestEncoder();
    private final StatsRequestEncoder statsOut = new StatsRequestEncoder();
    private final SnapshotsRequestEncoder snapshotsOut = new SnapshotsRequestEncoder();
    private final SubscribeRequestEncoder subscribeOut = new SubscribeRequestEncoder();

    private final TicksRequestDecoder ticksIn = new TicksRequestDecoder();
    private final LastTradesRequestDecoder lastTradesIn = new LastTradesRequestDecoder();
    private final LatestQuoteRequestDecoder latestQuoteIn = new LatestQuoteRequestDecoder();
    private final BarsRequestDecoder barsIn = new BarsRequestDecoder();
    private final SummaryRequestDecoder summaryIn = new SummaryRequestDecoder();
    private final SymbolsRequestDecoder symbolsIn = new SymbolsRequestDecoder();
    private final StatsRequestDecoder statsIn = new StatsRequestDecoder();
    private final SnapshotsRequestDecoder snapshotsIn = new SnapshotsRequestDecoder();
    private final SubscribeRequestDecoder subscribeIn = new SubscribeRequestDecoder();

    /** True when {@code templateId} is one of the request messages. */
    public static boolean isRequest(int templateId) {
        return templateId >= TicksRequestDecoder.TEMPLATE_ID && templateId <= SubscribeRequestDecoder.TEMPLATE_ID;
    }

    /** Encodes {@code query} as request {@code requestId} into a frame. Throws BAD_REQUEST for strings the wire cannot carry. */
    public ByteBuf encode(ByteBufAllocator alloc, long requestId, Query<?> query) {
        int o = Frames.MESSAGE_OFFSET;
        int length = switch (query) {
            case Query.Trades q -> ticks(requestId, TickTable.TRADES, q.filter(), q.direction(), q.limit(), q.cursor(),
                q.asOf());
            case Query.Quotes q -> ticks(requestId, TickTable.QUOTES, q.filter(), q.direction(), q.limit(), q.cursor(),
                q.asOf());
            case Query.LastTrades q -> lastTradesOut.wrapAndApplyHeader(buffer, o, header).requestId(requestId).n(q.n())
                .venue(Strings.whole(q.venue(), "venue")).symbol(Strings.whole(q.symbol(), "symbol")).encodedLength();
            case Query.LatestQuote q -> {
                LatestQuoteRequestEncoder e = latestQuoteOut.wrapAndApplyHeader(buffer, o, header).requestId(requestId);
                LatestQuoteRequestEncoder.SymbolsEncoder g = e.symbolsCount(count(q.symbols()));
                for (String s : q.symbols()) {
                    g.next().symbol(Strings.whole(s, "symbol"));
                }
                yield e.venue(Strings.whole(q.venue(), "venue")).encodedLength();
            }
            case Query.Bars q -> {
                BarsRequestEncoder e = barsOut.wrapAndApplyHeader(buffer, o, header).requestId(requestId)
                    .fromMicros(q.filter().fromMicros()).toMicros(q.filter().toMicros()).rowLimit(q.limit())
                    .interval(IntervalCode.get((short) q.interval().ordinal()))
                    .asOfKind(asOfKind(q.asOf())).asOfValue(asOfValue(q.asOf()));
                BarsRequestEncoder.SymbolsEncoder g = e.symbolsCount(count(q.filter().symbols()));
                for (String s : q.filter().symbols()) {
                    g.next().symbol(Strings.whole(s, "symbol"));
                }
                byte[] c = cursor(q.cursor());
                e.venue(Strings.whole(q.filter().venue(), "venue")).putCursor(c, 0, c.length);
                yield e.encodedLength();
            }
            case Query.Summary q -> summaryOut.wrapAndApplyHeader(buffer, o, header).requestId(requestId)
                .epochDay(Math.toIntExact(q.day().toEpochDay())).asOfKind(asOfKind(q.asOf())).asOfValue(asOfValue(q.asOf()))
                .venue(Strings.whole(q.venue(), "venue")).symbol(Strings.whole(q.symbol(), "symbol"))
                .zone(q.zone() == null ? "" : q.zone().getId()).encodedLength();
            case Query.Symbols q -> symbolsOut.wrapAndApplyHeader(buffer, o, header).requestId(requestId)
                .venue(Strings.whole(q.venue(), "venue")).encodedLength();
            case Query.Stats q -> statsOut.wrapAndApplyHeader(buffer, o, header).requestId(requestId).encodedLength();
            case Query.Snapshots q -> snapshotsOut.wrapAndApplyHeader(buffer, o, header).requestId(requestId)
                .rowLimit(q.limit()).encodedLength();
            case Query.Subscribe q -> {
                SubscribeRequestEncoder e = subscribeOut.wrapAndApplyHeader(buffer, o, header).requestId(requestId)
                    .trades(q.trades() ? BooleanType.TRUE : BooleanType.FALSE)
                    .quotes(q.quotes() ? BooleanType.TRUE : BooleanType.FALSE)
                    .fromMicros(q.fromMicros() == null ? SubscribeRequestEncoder.fromMicrosNullValue() : q.fromMicros());
                SubscribeRequestEncoder.SymbolsEncoder g = e.symbolsCount(count(q.symbols()));
                for (String s : q.symbols()) {
                    g.next().symbol(Strings.whole(s, "symbol"));
                }
                yield e.venue(Strings.whole(q.venue(), "venue")).encodedLength();
            }
        };
        return Frames.frame(alloc, buffer, Frames.HEADER_BYTES + length);
    }

    /**
     * Decodes the request message whose header is {@code header} and which starts (header first)
     * at {@code offset} of {@code in}; {@code null} when the template is not a request.
     */
    public Request decode(MessageHeaderDecoder header, DirectBuffer in, int offset) {
        int body = offset + Frames.HEADER_BYTES;
        int block = header.blockLength();
        int version = header.version();
        switch (header.templateId()) {
            case TicksRequestDecoder.TEMPLATE_ID -> {
                TicksRequestDecoder d = ticksIn.wrap(in, body, block, version);
                long id = d.requestId();
                long from = d.fromMicros();
                long to = d.toMicros();
                int limit = d.rowLimit();
                Direction direction = direction(d.direction());
                AsOf asOf = asOf(d.asOfKind(), d.asOfValue());
                TickTable table = d.table();
                Set<String> symbols = new HashSet<>();
                for (TicksRequestDecoder.SymbolsDecoder s : d.symbols()) {
                    symbols.add(s.symbol());
                }
                TickFilter filter = new TickFilter(Strings.orNull(d.venue()), symbols, from, to);
                Cursor cursor = cursor(d.cursorLength(), d::getCursor);
                return new Request(id, switch (table) {
                    case TRADES -> new Query.Trades(filter, direction, limit, cursor, asOf);
                    case QUOTES -> new Query.Quotes(filter, direction, limit, cursor, asOf);
                    case NULL_VAL -> throw new QueryException(ErrorCode.BAD_REQUEST, "unknown tick table code");
                });
            }
            case LastTradesRequestDecoder.TEMPLATE_ID -> {
                LastTradesRequestDecoder d = lastTradesIn.wrap(in, body, block, version);
                long id = d.requestId();
                int n = d.n();
                String venue = Strings.orNull(d.venue());
                return new Request(id, new Query.LastTrades(venue, d.symbol(), n));
            }
            case LatestQuoteRequestDecoder.TEMPLATE_ID -> {
                LatestQuoteRequestDecoder d = latestQuoteIn.wrap(in, body, block, version);
                long id = d.requestId();
                Set<String> symbols = new HashSet<>();
                for (LatestQuoteRequestDecoder.SymbolsDecoder s : d.symbols()) {
                    symbols.add(s.symbol());
                }
                return new Request(id, new Query.LatestQuote(Strings.orNull(d.venue()), symbols));
            }
            case BarsRequestDecoder.TEMPLATE_ID -> {
                BarsRequestDecoder d = barsIn.wrap(in, body, block, version);
                long id = d.requestId();
                long from = d.fromMicros();
                long to = d.toMicros();
                int limit = d.rowLimit();
                IntervalCode code = d.interval();
                if (code == IntervalCode.NULL_VAL) {
                    throw new QueryException(ErrorCode.BAD_REQUEST, "unknown bar interval code " + d.intervalRaw());
                }
                BarInterval interval = BarInterval.values()[code.value()];
                AsOf asOf = asOf(d.asOfKind(), d.asOfValue());
                Set<String> symbols = new HashSet<>();
                for (BarsRequestDecoder.SymbolsDecoder s : d.symbols()) {
                    symbols.add(s.symbol());
                }
                String venue = Strings.orNull(d.venue());
                Cursor cursor = cursor(d.cursorLength(), d::getCursor);
                return new Request(id, new Query.Bars(new TickFilter(venue, symbols, from, to), interval, limit, cursor, asOf));
            }
            case SummaryRequestDecoder.TEMPLATE_ID -> {
                SummaryRequestDecoder d = summaryIn.wrap(in, body, block, version);
                long id = d.requestId();
                int day = d.epochDay();
                AsOf asOf = asOf(d.asOfKind(), d.asOfValue());
                String venue = Strings.orNull(d.venue());
                String symbol = d.symbol();
                String zone = d.zone();
                return new Request(id, new Query.Summary(venue, symbol, day(day), zone(zone), asOf));
            }
            case SymbolsRequestDecoder.TEMPLATE_ID -> {
                SymbolsRequestDecoder d = symbolsIn.wrap(in, body, block, version);
                long id = d.requestId();
                return new Request(id, new Query.Symbols(Strings.orNull(d.venue())));
            }
            case StatsRequestDecoder.TEMPLATE_ID -> {
                return new Request(statsIn.wrap(in, body, block, version).requestId(), new Query.Stats());
            }
            case SnapshotsRequestDecoder.TEMPLATE_ID -> {
                SnapshotsRequestDecoder d = snapshotsIn.wrap(in, body, block, version);
                return new Request(d.requestId(), new Query.Snapshots(d.rowLimit()));
            }
            case SubscribeRequestDecoder.TEMPLATE_ID -> {
                SubscribeRequestDecoder d = subscribeIn.wrap(in, body, block, version);
                long id = d.requestId();
                boolean trades = d.trades() == BooleanType.TRUE;
                boolean quotes = d.quotes() == BooleanType.TRUE;
                long from = d.fromMicros();
                Set<String> symbols = new HashSet<>();
                for (SubscribeRequestDecoder.SymbolsDecoder s : d.symbols()) {
                    symbols.add(s.symbol());
                }
                String venue = Strings.orNull(d.venue());
                return new Request(id, new Query.Subscribe(trades, quotes, venue, symbols,
                    from == SubscribeRequestDecoder.fromMicrosNullValue() ? null : from));
            }
            default -> {
                return null;
            }
        }
    }

    /** The request id of a request frame, read before the full decode (for errors about that request). */
    public static long requestId(MessageHeaderDecoder header, DirectBuffer in, int offset) {
        return header.blockLength() >= Long.BYTES
            ? in.getLong(offset + Frames.HEADER_BYTES, java.nio.ByteOrder.LITTLE_ENDIAN) : 0;
    }

    private interface BytesReader {
        int get(byte[] dst, int offset, int length);
    }

    private static Cursor cursor(int length, BytesReader reader) {
        if (length == 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        reader.get(bytes, 0, length);
        return Cursor.fromBytes(bytes);
    }

    private static byte[] cursor(Cursor c) {
        return c == null ? new byte[0] : c.toBytes();
    }

    private static int count(Set<String> symbols) {
        if (symbols.size() > 65_534) {
            throw new QueryException(ErrorCode.BAD_REQUEST, symbols.size() + " symbols in one request: at most 65534");
        }
        return symbols.size();
    }

    /** Trades and quotes share one message: the filter, order, limit, cursor and view, and the table. */
    private int ticks(long requestId, TickTable table, TickFilter filter, Direction direction, int limit, Cursor cursor,
                      AsOf asOf) {
        TicksRequestEncoder e = ticksOut.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header).requestId(requestId)
            .fromMicros(filter.fromMicros()).toMicros(filter.toMicros()).rowLimit(limit).direction(direction(direction))
            .asOfKind(asOfKind(asOf)).asOfValue(asOfValue(asOf)).table(table);
        TicksRequestEncoder.SymbolsEncoder g = e.symbolsCount(count(filter.symbols()));
        for (String s : filter.symbols()) {
            g.next().symbol(Strings.whole(s, "symbol"));
        }
        byte[] c = cursor(cursor);
        e.venue(Strings.whole(filter.venue(), "venue")).putCursor(c, 0, c.length);
        return e.encodedLength();
    }

    private static DirectionCode direction(Direction d) {
        return d == Direction.NEWEST_FIRST ? DirectionCode.NEWEST_FIRST : DirectionCode.OLDEST_FIRST;
    }

    private static Direction direction(DirectionCode d) {
        return switch (d) {
            case OLDEST_FIRST -> Direction.OLDEST_FIRST;
            case NEWEST_FIRST -> Direction.NEWEST_FIRST;
            case NULL_VAL -> throw new QueryException(ErrorCode.BAD_REQUEST, "unknown direction code");
        };
    }

    private static AsOfKind asOfKind(AsOf a) {
        return switch (a) {
            case null -> AsOfKind.LATEST;
            case AsOf.Latest l -> AsOfKind.LATEST;
            case AsOf.Snapshot s -> AsOfKind.SNAPSHOT;
            case AsOf.Timestamp t -> AsOfKind.TIMESTAMP;
        };
    }

    private static long asOfValue(AsOf a) {
        return switch (a) {
            case null -> 0;
            case AsOf.Latest l -> 0;
            case AsOf.Snapshot s -> s.snapshotId();
            case AsOf.Timestamp t -> t.micros();
        };
    }

    private static AsOf asOf(AsOfKind kind, long value) {
        return switch (kind) {
            case LATEST -> AsOf.LATEST;
            case SNAPSHOT -> new AsOf.Snapshot(value);
            case TIMESTAMP -> new AsOf.Timestamp(value);
            case NULL_VAL -> throw new QueryException(ErrorCode.BAD_REQUEST, "unknown as-of kind");
        };
    }

    private static LocalDate day(int epochDay) {
        try {
            return LocalDate.ofEpochDay(epochDay);
        } catch (DateTimeException e) {
            throw new QueryException(ErrorCode.BAD_REQUEST, "day " + epochDay + " is out of range");
        }
    }

    private static ZoneId zone(String zone) {
        if (zone.isEmpty()) {
            return null;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new QueryException(ErrorCode.BAD_REQUEST, "unknown time zone '" + zone + "': use an IANA id such as Australia/Sydney");
        }
    }
}
