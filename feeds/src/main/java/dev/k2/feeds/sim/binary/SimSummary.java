package dev.k2.feeds.sim.binary;

import java.util.Map;

/**
 * What the binary simulator produced, for exact accounting.
 *
 * @param sessionId      the session the ticks belong to
 * @param ticks          distinct ticks produced (each channel sequence once)
 * @param channels       per channel: first and last sequence and distinct ticks
 * @param skipped        sequence numbers left out of the live stream (retransmittable)
 * @param malformedSent  bad frames sent (framing kept or broken), each one dead letter at the client
 * @param drops          live connections aborted on purpose
 * @param retransmitted  tick frames sent by the retransmission port
 * @param connections    live logons accepted
 * @param connectionErrors connections that failed with an I/O error (a client's reset, say) and were closed
 * @param finished       true when all {@code count} ticks were produced
 * @param elapsedNs      from the first logon to the last tick produced (or now)
 */
public record SimSummary(long sessionId, long ticks, Map<Integer, ChannelSummary> channels, long skipped,
                         long malformedSent, long drops, long retransmitted, long connections, long connectionErrors,
                         boolean finished,
                         long elapsedNs) {
    /** One channel: sequences first..last, all produced. */
    public record ChannelSummary(long first, long last, long ticks) {
    }

    /** The summary as one JSON object. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{");
        out.append("\"sessionId\":").append(sessionId).append(",\"ticks\":").append(ticks).append(",\"channels\":{");
        boolean first = true;
        for (Map.Entry<Integer, ChannelSummary> e : channels.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            ChannelSummary c = e.getValue();
            out.append('"').append(e.getKey()).append("\":{\"first\":").append(c.first()).append(",\"last\":")
                .append(c.last()).append(",\"ticks\":").append(c.ticks()).append('}');
        }
        out.append("},\"skipped\":").append(skipped).append(",\"malformedSent\":").append(malformedSent)
            .append(",\"drops\":").append(drops).append(",\"retransmitted\":").append(retransmitted)
            .append(",\"connections\":").append(connections)
            .append(",\"connectionErrors\":").append(connectionErrors).append(",\"finished\":").append(finished)
            .append(",\"elapsedMs\":").append(elapsedNs / 1_000_000).append('}');
        return out.toString();
    }
}
