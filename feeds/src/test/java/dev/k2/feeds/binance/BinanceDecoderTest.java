package dev.k2.feeds.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.engine.journal.RejectReason;
import dev.k2.engine.tick.Scaled;
import dev.k2.engine.tick.SequencePolicy;
import dev.k2.engine.tick.Side;
import dev.k2.engine.tick.TickEvent;
import dev.k2.engine.tick.TickKind;
import dev.k2.engine.tick.VendorData;
import dev.k2.feeds.support.Allocations;
import dev.k2.feeds.support.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BinanceDecoderTest {
    private final SymbolTable symbols = new SymbolTable(4);
    private final BinanceDecoder decoder;
    private final TickEvent slot = new TickEvent();

    BinanceDecoderTest() {
        symbols.put("BTCUSDT", 1);
        symbols.put("ETHUSDT", 2);
        symbols.put("BNBUSDT", 3);
        decoder = new BinanceDecoder(symbols);
    }

    private int decode(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        return decoder.decode(bytes, 0, bytes.length);
    }

    private TickEvent tick(String frame) {
        assertThat(decode(frame)).as(decoder.rejectMessage()).isEqualTo(BinanceDecoder.TICK);
        decoder.writeTo(slot.clear(), 42L);
        return slot;
    }

    @Test
    void decodesEveryReconstructedSampleTradeExactly() throws IOException {
        List<String> lines = Files.readAllLines(SharedData.dir().resolve("binance/ws_trade_messages_reconstructed_2026-01-20.jsonl"));
        assertThat(lines).hasSize(10);

        TickEvent first = tick(lines.get(0));
        assertThat(first.kind).isEqualTo(TickKind.TRADE);
        assertThat(first.instrumentId).isEqualTo(1);
        assertThat(first.channel).isEqualTo(1);
        assertThat(first.sequencePolicy).isEqualTo(SequencePolicy.PERMANENT);
        assertThat(first.sourceSeq).isEqualTo(5789636461L);
        assertThat(first.tradeId).isEqualTo(5789636461L);
        assertThat(first.price).isEqualTo(Scaled.parse("90792.03"));
        assertThat(first.quantity).isEqualTo(Scaled.parse("0.00458"));
        assertThat(first.exchangeTimeNs).isEqualTo(1768898469631L * 1_000_000L);
        assertThat(first.receiveTimeNs).isEqualTo(42L);
        assertThat(first.side).isEqualTo(Side.SELL);
        assertThat(VendorData.toMap(first.vendorData, 0, first.vendorLength))
            .isEqualTo(Map.of("E", "1768898469632", "m", "true", "M", "true"));

        TickEvent third = tick(lines.get(2));
        assertThat(third.instrumentId).isEqualTo(2);
        assertThat(third.tradeId).isEqualTo(3472973180L);
        assertThat(third.price).isEqualTo(Scaled.parse("3092.34"));
        assertThat(third.quantity).isEqualTo(Scaled.parse("0.0034"));
        assertThat(third.side).as("buyer was taker: the buyer aggressed").isEqualTo(Side.BUY);

        long[] ids = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            ids[i] = tick(lines.get(i)).tradeId;
        }
        assertThat(ids).containsExactly(5789636461L, 3472973179L, 3472973180L, 5789636462L, 5789636463L, 5789636464L,
            5789636465L, 3472973181L, 3472973182L, 3472973183L);
    }

    @Test
    void decodesTheDocumentedExampleWithItsExtraFields() throws IOException {
        String example = Files.readString(SharedData.dir().resolve("binance/ws_trade_message_documented_example.json"));
        TickEvent t = tick(example);
        assertThat(t.tradeId).isEqualTo(12345);
        assertThat(t.price).isEqualTo(16_500L * Scaled.ONE);
        assertThat(t.quantity).isEqualTo(Scaled.ONE / 20);
        assertThat(t.exchangeTimeNs).isEqualTo(1672531199900L * 1_000_000L);
        assertThat(t.side).isEqualTo(Side.SELL);
        assertThat(VendorData.toMap(t.vendorData, 0, t.vendorLength)).containsEntry("E", "1672531200000");
    }

    @Test
    void decodesAggTradeWithFirstAndLastTradeIdsAsVendorData() {
        TickEvent t = tick("{\"stream\":\"bnbusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1672515782136,"
            + "\"s\":\"BNBUSDT\",\"a\":12345,\"p\":\"0.001\",\"q\":\"100\",\"f\":100,\"l\":105,\"T\":1672515782136,"
            + "\"m\":false,\"M\":true}}");
        assertThat(t.instrumentId).isEqualTo(3);
        assertThat(t.channel).isEqualTo(2);
        assertThat(t.sourceSeq).isEqualTo(12345);
        assertThat(t.price).isEqualTo(100_000L);
        assertThat(t.quantity).isEqualTo(100 * Scaled.ONE);
        assertThat(t.side).isEqualTo(Side.BUY);
        assertThat(VendorData.toMap(t.vendorData, 0, t.vendorLength)).containsEntry("f", "100").containsEntry("l", "105");
    }

    @Test
    void decodesBookTickerAsAnUnsequencedQuoteKeyedByItsUpdateId() {
        TickEvent t = tick("{\"stream\":\"bnbusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BNBUSDT\","
            + "\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}}");
        assertThat(t.kind).isEqualTo(TickKind.QUOTE);
        assertThat(t.channel).isEqualTo(3);
        assertThat(t.sequencePolicy).isEqualTo(SequencePolicy.UNSEQUENCED);
        assertThat(t.tradeId).isEqualTo(400900217L);
        assertThat(t.bidPrice).isEqualTo(Scaled.parse("25.3519"));
        assertThat(t.bidSize).isEqualTo(Scaled.parse("31.21"));
        assertThat(t.askPrice).isEqualTo(Scaled.parse("25.3652"));
        assertThat(t.askSize).isEqualTo(Scaled.parse("40.66"));
        assertThat(t.exchangeTimeNs).as("bookTicker has no time: the receive time").isEqualTo(42L);
    }

    @Test
    void decodesARawStreamPayloadAndToleratesWhitespaceAndUnknownFields() {
        TickEvent t = tick(" { \"e\" : \"trade\", \"E\":1768898469632, \"x\": [1, {\"y\": \"}\"}], \"s\":\"ETHUSDT\","
            + "\"t\":7,\"p\":\"1.5\",\"q\":\"2\",\"T\":1768898469631,\"m\":false} ");
        assertThat(t.instrumentId).isEqualTo(2);
        assertThat(t.tradeId).isEqualTo(7);
        assertThat(t.vendorLength).isPositive();
    }

    @Test
    void recognisesTheServerShutdownEventInEitherShape() {
        assertThat(decode("{\"event\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}")).isEqualTo(BinanceDecoder.SHUTDOWN);
        assertThat(decode("{\"stream\":\"x\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}"))
            .isEqualTo(BinanceDecoder.SHUTDOWN);
        assertThat(decode("{\"result\":null,\"id\":1}")).isEqualTo(BinanceDecoder.IGNORED);
    }

    private static final String GOOD = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1768898469632,"
        + "\"s\":\"BTCUSDT\",\"t\":5789636461,\"p\":\"90792.03000000\",\"q\":\"0.00458000\",\"T\":1768898469631,"
        + "\"m\":true,\"M\":true}}";

    private void rejected(String frame, RejectReason reason, String messagePart) {
        assertThat(decode(frame)).as(frame).isEqualTo(BinanceDecoder.MALFORMED);
        assertThat(decoder.rejectReason()).as(frame).isEqualTo(reason);
        assertThat(decoder.rejectMessage()).as(frame).contains(messagePart);
    }

    @Test
    void rejectsMalformedFramesWithAReasonThatNamesTheField() {
        rejected(GOOD.substring(0, GOOD.length() - 5), RejectReason.MALFORMED_LINE, "not valid JSON");
        rejected(GOOD + "x", RejectReason.MALFORMED_LINE, "text after");
        rejected(GOOD.replace(",\"p\":\"90792.03000000\"", ""), RejectReason.MALFORMED_LINE, "'p' (price) is missing");
        rejected(GOOD.replace("\"t\":5789636461", "\"t\":\"5789636461\""), RejectReason.MALFORMED_LINE, "'t' (trade id) must be a JSON integer");
        rejected(GOOD.replace("\"90792.03000000\"", "90792.03"), RejectReason.MALFORMED_LINE, "'p' (price) must be a decimal string");
        rejected(GOOD.replace("\"90792.03000000\"", "\"-90792.03\""), RejectReason.BAD_VALUE, "price 'p' must be above zero");
        rejected(GOOD.replace("\"0.00458000\"", "\"0.00000000\""), RejectReason.BAD_VALUE, "quantity 'q' must be above zero");
        rejected(GOOD.replace("\"90792.03000000\"", "\"90792.030000001\""), RejectReason.BAD_NUMBER, "at most 8 places");
        rejected(GOOD.replace("\"90792.03000000\"", "\"9e4\""), RejectReason.BAD_NUMBER, "'p'");
        rejected(GOOD.replace("\"m\":true", "\"m\":\"yes\""), RejectReason.MALFORMED_LINE, "'m' (buyer is maker) must be true or false");
        rejected(GOOD.replace("BTCUSDT", "DOGEUSDT"), RejectReason.UNKNOWN_INSTRUMENT, "'DOGEUSDT' was not subscribed");
        rejected(GOOD.replace("\"T\":1768898469631", "\"T\":1768898469"), RejectReason.BAD_TIME, "'T' (trade time)");
        rejected(GOOD.replace("\"t\":5789636461", "\"t\":-5"), RejectReason.BAD_VALUE, "non-negative");
        rejected(GOOD.replace("\"e\":\"trade\"", "\"e\":\"kline\""), RejectReason.MALFORMED_LINE, "unexpected event type");
        rejected("{\"stream\":\"btcusdt@trade\",\"data\":[1,2]}", RejectReason.MALFORMED_LINE, "not a trade");
        rejected("[]", RejectReason.MALFORMED_LINE, "expected '{'");
        rejected("", RejectReason.MALFORMED_LINE, "not valid JSON");
    }

    @Test
    void parsesDecimalBytesExactlyAsScaledParseDoes() {
        String[] cases = {"0", "1", "-1", "90792.03000000", "0.00000001", "0.000000010", "0.000000011", ".5", "5.", ".",
            "-", "", "1e5", "12a", "92233720368.54775807", "92233720368", "922337203685", "00012.340", "--1", "1.2.3"};
        for (String c : cases) {
            byte[] b = c.getBytes(StandardCharsets.US_ASCII);
            assertThat(BinanceDecoder.parseScaled(b, 0, b.length)).as("'%s'", c).isEqualTo(Scaled.parse(c));
        }
    }

    @Test
    void aGoodFrameAfterABadOneDecodesNormally() {
        decode("{\"e\":\"trade\"");
        assertThat(tick(GOOD).tradeId).isEqualTo(5789636461L);
    }

    @Test
    void decodingIntoASlotAllocatesNothing() {
        byte[] bytes = GOOD.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            decoder.decode(bytes, 0, bytes.length);
            decoder.writeTo(slot.clear(), i);
        }
        long before = Allocations.byThisThread();
        for (int i = 0; i < 200_000; i++) {
            decoder.decode(bytes, 0, bytes.length);
            decoder.writeTo(slot.clear(), i);
        }
        long bytesAllocated = Allocations.byThisThread() - before;
        assertThat(bytesAllocated).as("bytes allocated for 200,000 frames").isLessThan(1024);
    }
}
