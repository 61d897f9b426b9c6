package dev.k2.query.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.tick.Side;
import dev.k2.query.api.AsOf;
import dev.k2.query.api.BarInterval;
import dev.k2.query.api.Cursor;
import dev.k2.query.api.Direction;
import dev.k2.query.api.Query;
import dev.k2.query.api.QuoteRow;
import dev.k2.query.api.SymbolRow;
import dev.k2.query.api.TickFilter;
import dev.k2.query.api.TradeRow;
import dev.k2.query.protocol.sbe.InstrumentDefinitionDecoder;
import dev.k2.query.protocol.sbe.MessageHeaderDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BatchCodecTest {
    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static List<byte[]> messages(List<ByteBuf> frames) {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuf f : frames) {
            int length = f.readIntLE();
            assertThat(length).isEqualTo(f.readableBytes());
            byte[] m = new byte[length];
            f.readBytes(m);
            f.release();
            out.add(m);
        }
        return out;
    }

    private static List<Object> decodeAll(BatchDecoder decoder, List<byte[]> messages, List<Integer> templates) {
        List<Object> rows = new ArrayList<>();
        MessageHeaderDecoder header = new MessageHeaderDecoder();
        for (byte[] m : messages) {
            UnsafeBuffer b = new UnsafeBuffer(m);
            header.wrap(b, 0);
            templates.add(header.templateId());
            decoder.decode(header, b, 0, (id, batch) -> {
                assertThat(id).isEqualTo(42L);
                rows.addAll(batch);
            });
        }
        return rows;
    }

    @Property(tries = 50)
    void tradesAndQuotesSurviveTheWireAndFramesStayUnderTheBatchSize(
        @ForAll @Size(max = 3_000) List<@IntRange(min = 0, max = 40) Integer> instruments,
        @ForAll @IntRange(min = 1024, max = 20_000) int batchBytes) {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < instruments.size(); i++) {
            int n = instruments.get(i);
            String venue = n % 2 == 0 ? "ASX" : "BINANCE";
            String symbol = "S" + n;
            rows.add(n % 5 == 0
                ? new QuoteRow(venue, symbol, n, i * 7L, i * 7L + 1, TradeRow.NONE, -i, i, Long.MAX_VALUE - i, 0, n, i, i % 3)
                : new TradeRow(venue, symbol, n, -i * 3L, i, i, TradeRow.NONE, Side.ofCode(i % 3), Long.MIN_VALUE + i,
                    i * 100_000_000L, i, i * 2L, i % 4));
        }
        BatchEncoder encoder = new BatchEncoder(batchBytes);
        List<ByteBuf> frames = new ArrayList<>();
        encoder.encode(ALLOC, 42, rows, frames::add);
        List<byte[]> messages = messages(frames);
        assertThat(messages).allMatch(m -> m.length <= batchBytes);

        List<Integer> templates = new ArrayList<>();
        assertThat(decodeAll(new BatchDecoder(), messages, templates)).isEqualTo(rows);
        long definitions = templates.stream().filter(t -> t == InstrumentDefinitionDecoder.TEMPLATE_ID).count();
        assertThat(definitions).isEqualTo(rows.stream().map(r -> r instanceof TradeRow t ? t.venue() + t.symbol()
            : ((QuoteRow) r).venue() + ((QuoteRow) r).symbol()).distinct().count());
    }

    @Test
    void aBatchSizeAboveOneFrameGroupsLimitStillEncodesEveryTrade() {
        BatchEncoder encoder = new BatchEncoder(8 << 20); // ~115,000 trade rows' worth: above a group's 65,534
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            rows.add(new TradeRow("ASX", "BHP", 1, i, i + 1, i, i, Side.SELL, 5, 6, 0, i, 0));
        }
        List<ByteBuf> frames = new ArrayList<>();
        encoder.encode(ALLOC, 42, rows, frames::add);
        List<Integer> templates = new ArrayList<>();
        BatchDecoder connection = new BatchDecoder();
        assertThat(decodeAll(connection, messages(frames), templates)).isEqualTo(rows);
        assertThat(templates).containsExactly(20, 21, 21);

        frames.clear();
        TradeRow one = (TradeRow) rows.get(0);
        encoder.beginTrades(ALLOC, 42, frames::add).trade(one.venue(), one.symbol(), one.channel(), one.exchangeTimeMicros(),
            one.receiveTimeMicros(), one.sourceSeq(), one.tradeId(), one.side(), one.price(), one.quantity(),
            one.conditions(), one.journalIndex(), one.journalRecord());
        assertThat(encoder.endTrades()).isEqualTo(1);
        assertThat(decodeAll(connection, messages(frames), new ArrayList<>())).containsExactly(one);
    }

    @Test
    void definesEachInstrumentOncePerConnection() {
        BatchEncoder encoder = new BatchEncoder(64 << 10);
        List<ByteBuf> frames = new ArrayList<>();
        TradeRow t = new TradeRow("ASX", "BHP", 1, 1, 2, 3, 4, Side.BUY, 5, 6, 7, 8, 9);
        encoder.encode(ALLOC, 42, List.of(t, t), frames::add);
        encoder.encode(ALLOC, 42, List.of(t), frames::add);
        List<Integer> templates = new ArrayList<>();
        assertThat(decodeAll(new BatchDecoder(), messages(frames), templates)).containsExactly(t, t, t);
        assertThat(templates).containsExactly(20, 21, 21);
        assertThat(encoder.instrumentCount()).isEqualTo(1);
    }

    @Test
    void splitsRowsWithStringsByBytes() {
        BatchEncoder encoder = new BatchEncoder(1024);
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(new SymbolRow("ASX", "SYMBOL" + i, "EQUITY"));
        }
        List<ByteBuf> frames = new ArrayList<>();
        encoder.encode(ALLOC, 42, rows, frames::add);
        List<byte[]> messages = messages(frames);
        assertThat(messages).hasSizeGreaterThanOrEqualTo(4).allMatch(m -> m.length <= 1024 + 200);
        assertThat(decodeAll(new BatchDecoder(), messages, new ArrayList<>())).isEqualTo(rows);
    }

    @Test
    void everyQueryKindSurvivesTheRequestCodec() {
        List<Query<?>> queries = List.of(
            new Query.Trades(new TickFilter("ASX", Set.of("BHP", "CBA"), -5, 10), Direction.NEWEST_FIRST, 7,
                new Cursor(1, 2, 3, 4, 5), new AsOf.Snapshot(99)),
            new Query.Trades(TickFilter.all(), Direction.OLDEST_FIRST, 1, null, AsOf.LATEST),
            new Query.Quotes(TickFilter.symbol("BINANCE", "BTCUSDT"), Direction.OLDEST_FIRST, 100, null, new AsOf.Timestamp(77)),
            new Query.LastTrades("ASX", "BHP", 10),
            new Query.LatestQuote(null, Set.of("A", "B")),
            new Query.Bars(TickFilter.all(), BarInterval.M15, 10, null, AsOf.LATEST),
            new Query.Summary("ASX", "BHP", LocalDate.of(2024, 2, 29), ZoneId.of("Australia/Sydney"), AsOf.LATEST),
            new Query.Summary("ASX", "BHP", LocalDate.of(2024, 2, 29), null, AsOf.LATEST),
            new Query.Symbols(null),
            new Query.Symbols("ASX"),
            new Query.Stats(),
            new Query.Snapshots(3),
            new Query.Subscribe(true, false, "ASX", Set.of("BHP"), 123L),
            new Query.Subscribe(false, true, null, Set.of(), null));
        RequestCodec codec = new RequestCodec();
        MessageHeaderDecoder header = new MessageHeaderDecoder();
        long id = 1;
        for (Query<?> q : queries) {
            byte[] m = messages(List.of(codec.encode(ALLOC, id, q))).get(0);
            UnsafeBuffer b = new UnsafeBuffer(m);
            header.wrap(b, 0);
            RequestCodec.Request r = codec.decode(header, b, 0);
            assertThat(r.requestId()).isEqualTo(id++);
            assertThat(r.query()).isEqualTo(q);
        }
    }
}
