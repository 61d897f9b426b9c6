package dev.k2.feeds.binance;

import dev.k2.engine.tick.Scaled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a REST trade page, a JSON array of flat objects: {@code historicalTrades}
 * ({@code id, price, qty, quoteQty, time, isBuyerMaker, isBestMatch}) or {@code aggTrades}
 * ({@code a, p, q, f, l, T, m, M}). The recovery path, so it may allocate; it accepts nothing it
 * cannot read exactly and says which element and field were wrong.
 */
final class RestTradesParser {
    private final String text;
    private int pos;

    private RestTradesParser(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the problem */
    static List<BackfillTrade> parse(String body, BinanceStream stream) {
        RestTradesParser parser = new RestTradesParser(body);
        List<Map<String, String>> objects = parser.array();
        List<BackfillTrade> trades = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            Map<String, String> o = objects.get(i);
            try {
                trades.add(stream == BinanceStream.AGG_TRADE
                    ? new BackfillTrade(integer(o, "a"), decimal(o, "p"), decimal(o, "q"), integer(o, "T"),
                        bool(o, "m"), o.get("M"), integer(o, "f"), integer(o, "l"))
                    : new BackfillTrade(integer(o, "id"), decimal(o, "price"), decimal(o, "qty"), integer(o, "time"),
                        bool(o, "isBuyerMaker"), o.get("isBestMatch"), -1, -1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("element " + i + " of the " + stream.backfillPath()
                    + " reply: " + e.getMessage(), e);
            }
        }
        return trades;
    }

    private static long integer(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null || !v.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("field '" + key + "' is " + (v == null ? "missing" : "not an integer: " + v));
        }
        return Long.parseLong(v);
    }

    private static long decimal(Map<String, String> o, String key) {
        String v = o.get(key);
        long value = v == null ? Scaled.INVALID : Scaled.parse(v);
        if (value == Scaled.INVALID || value <= 0) {
            throw new IllegalArgumentException("field '" + key + "' is " + (v == null ? "missing" : "not a positive exact decimal: " + v));
        }
        return value;
    }

    private static boolean bool(Map<String, String> o, String key) {
        String v = o.get(key);
        if (!"true".equals(v) && !"false".equals(v)) {
            throw new IllegalArgumentException("field '" + key + "' is " + (v == null ? "missing" : "not true or false: " + v));
        }
        return v.equals("true");
    }

    private List<Map<String, String>> array() {
        List<Map<String, String>> list = new ArrayList<>();
        ws();
        expect('[');
        ws();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            ws();
            list.add(object());
            ws();
            char c = next();
            if (c == ']') {
                ws();
                if (pos != text.length()) {
                    throw new IllegalArgumentException("text after the JSON array at " + pos);
                }
                return list;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected ',' or ']' at " + (pos - 1));
            }
        }
    }

    private Map<String, String> object() {
        Map<String, String> map = new HashMap<>();
        expect('{');
        ws();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            ws();
            String key = string();
            ws();
            expect(':');
            ws();
            String value = peek() == '"' ? string() : scalar();
            map.put(key, value);
            ws();
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected ',' or '}' at " + (pos - 1));
            }
        }
    }

    private String string() {
        expect('"');
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != '"') {
            if (text.charAt(pos) == '\\') {
                throw new IllegalArgumentException("escaped string at " + pos + ": trade fields never contain escapes");
            }
            pos++;
        }
        if (pos >= text.length()) {
            throw new IllegalArgumentException("string not closed");
        }
        return text.substring(start, pos++);
    }

    private String scalar() {
        int start = pos;
        while (pos < text.length() && "-+.eE0123456789truefalsn".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("expected a value at " + pos);
        }
        return text.substring(start, pos);
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + (pos - 1));
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("reply ends early");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void ws() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
