package dev.k2.feeds.sim.binance;

import java.util.Map;

/**
 * What the simulator produced, for exact accounting.
 *
 * @param symbols        per symbol: first and last trade id and the number of distinct trades
 * @param trades         trades generated over all symbols
 * @param malformedSent  malformed frames sent (one per connection it was sent to)
 * @param framesSent     data frames sent (all connections)
 * @param connections    WebSocket connections accepted
 * @param droppedNoPong  connections dropped for not answering a ping in time
 * @param restRequests   REST requests answered
 */
public record SimSummary(Map<String, SymbolSummary> symbols, long trades, long malformedSent, long framesSent,
                         long connections, long droppedNoPong, long restRequests) {
    /** One symbol's trades: ids are contiguous, so distinct = last - first + 1 (0 when none). */
    public record SymbolSummary(long firstTradeId, long lastTradeId, long distinctTrades) {
    }

    /** The summary as JSON (what {@code --summary-file} holds). */
    public String toJson() {
        StringBuilder out = new StringBuilder("{\"symbols\":{");
        boolean first = true;
        for (Map.Entry<String, SymbolSummary> e : symbols.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            SymbolSummary s = e.getValue();
            out.append('"').append(e.getKey()).append("\":{\"firstTradeId\":").append(s.firstTradeId)
                .append(",\"lastTradeId\":").append(s.lastTradeId).append(",\"distinctTrades\":").append(s.distinctTrades)
                .append('}');
        }
        return out.append("},\"trades\":").append(trades).append(",\"malformedSent\":").append(malformedSent)
            .append(",\"framesSent\":").append(framesSent).append(",\"connections\":").append(connections)
            .append(",\"droppedNoPong\":").append(droppedNoPong).append(",\"restRequests\":").append(restRequests)
            .append('}').toString();
    }
}
