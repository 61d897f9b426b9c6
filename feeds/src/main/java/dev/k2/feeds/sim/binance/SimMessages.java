package dev.k2.feeds.sim.binance;

/** Binance's JSON payloads, written as Binance writes them (decimals as strings with 8 places). */
final class SimMessages {
    private static final long ONE = 100_000_000L;

    /** Frames a malformed-frame fault sends, in turn: each is one way a real frame can be wrong. */
    static final String[] MALFORMED = {
        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1768898469632,\"s\":\"BTCUSDT\"",
        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1768898469632,\"s\":\"BTCUSDT\",\"t\":1,"
            + "\"q\":\"0.00458000\",\"T\":1768898469631,\"m\":true,\"M\":true}}",
        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1768898469632,\"s\":\"BTCUSDT\",\"t\":\"1\","
            + "\"p\":\"90792.03000000\",\"q\":\"0.00458000\",\"T\":1768898469631,\"m\":true,\"M\":true}}",
        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1768898469632,\"s\":\"BTCUSDT\",\"t\":1,"
            + "\"p\":\"-90792.03000000\",\"q\":\"0.00458000\",\"T\":1768898469631,\"m\":true,\"M\":true}}",
        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1768898469632,\"s\":\"BTCUSDT\",\"t\":1,"
            + "\"p\":\"90792.03000000\",\"q\":\"0.00000000\",\"T\":1768898469631,\"m\":true,\"M\":true}}",
        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1768898469632,\"s\":\"BTCUSDT\",\"t\":1,"
            + "\"p\":\"90792.030000001\",\"q\":\"0.00458000\",\"T\":1768898469631,\"m\":\"yes\",\"M\":true}}",
    };

    private SimMessages() {
    }

    static void decimal(StringBuilder out, long scaled) {
        out.append('"').append(scaled / ONE).append('.');
        String fraction = Long.toString(scaled % ONE);
        for (int i = fraction.length(); i < 8; i++) {
            out.append('0');
        }
        out.append(fraction).append('"');
    }

    static void trade(StringBuilder out, SimSymbol s, int i, long eventTimeMs) {
        out.append("{\"e\":\"trade\",\"E\":").append(eventTimeMs).append(",\"s\":\"").append(s.symbol)
            .append("\",\"t\":").append(s.tradeId(i)).append(",\"p\":");
        decimal(out, s.price(i));
        out.append(",\"q\":");
        decimal(out, s.quantity(i));
        out.append(",\"T\":").append(s.time(i)).append(",\"m\":").append(s.buyerMaker(i)).append(",\"M\":true}");
    }

    static void aggTrade(StringBuilder out, SimSymbol s, int i, long eventTimeMs) {
        out.append("{\"e\":\"aggTrade\",\"E\":").append(eventTimeMs).append(",\"s\":\"").append(s.symbol)
            .append("\",\"a\":").append(s.aggId(i)).append(",\"p\":");
        decimal(out, s.price(i));
        out.append(",\"q\":");
        decimal(out, s.quantity(i));
        out.append(",\"f\":").append(s.tradeId(i)).append(",\"l\":").append(s.tradeId(i))
            .append(",\"T\":").append(s.time(i)).append(",\"m\":").append(s.buyerMaker(i)).append(",\"M\":true}");
    }

    static void bookTicker(StringBuilder out, SimSymbol s, long bidSize, long askSize) {
        out.append("{\"u\":").append(s.bookUpdateId()).append(",\"s\":\"").append(s.symbol).append("\",\"b\":");
        decimal(out, s.lastPrice() - s.tickSize);
        out.append(",\"B\":");
        decimal(out, bidSize);
        out.append(",\"a\":");
        decimal(out, s.lastPrice() + s.tickSize);
        out.append(",\"A\":");
        decimal(out, askSize);
        out.append('}');
    }

    /** One element of a {@code /api/v3/historicalTrades} reply. */
    static void restTrade(StringBuilder out, SimSymbol s, int i) {
        out.append("{\"id\":").append(s.tradeId(i)).append(",\"price\":");
        decimal(out, s.price(i));
        out.append(",\"qty\":");
        decimal(out, s.quantity(i));
        out.append(",\"quoteQty\":");
        out.append('"').append(java.math.BigDecimal.valueOf(s.price(i), 8).multiply(java.math.BigDecimal.valueOf(s.quantity(i), 8))
            .setScale(8, java.math.RoundingMode.DOWN).toPlainString()).append('"');
        out.append(",\"time\":").append(s.time(i)).append(",\"isBuyerMaker\":").append(s.buyerMaker(i))
            .append(",\"isBestMatch\":true}");
    }

    /** One element of a {@code /api/v3/aggTrades} reply. */
    static void restAggTrade(StringBuilder out, SimSymbol s, int i) {
        out.append("{\"a\":").append(s.aggId(i)).append(",\"p\":");
        decimal(out, s.price(i));
        out.append(",\"q\":");
        decimal(out, s.quantity(i));
        out.append(",\"f\":").append(s.tradeId(i)).append(",\"l\":").append(s.tradeId(i))
            .append(",\"T\":").append(s.time(i)).append(",\"m\":").append(s.buyerMaker(i)).append(",\"M\":true}");
    }

    /** Binance's shutdown notice, as its documentation shows it. */
    static String serverShutdown(long eventTimeMs) {
        return "{\"event\":{\"e\":\"serverShutdown\",\"E\":" + eventTimeMs + "}}";
    }
}
