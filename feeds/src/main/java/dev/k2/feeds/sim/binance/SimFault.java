package dev.k2.feeds.sim.binance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fault the simulator injects at its n-th generated trade (counting from 1 over all symbols):
 * {@code KIND@N}. Several are given as a comma-separated list, e.g. {@code skip@100,drop@500}.
 *
 * @param kind what happens
 * @param at   the generated trade it happens at
 */
public record SimFault(Kind kind, long at) {
    /** What the simulator does. */
    public enum Kind {
        /** Closes every connection abruptly (no close frame) after trade N. */
        DROP("drop"),
        /** Does not send trade N live (trade and aggTrade streams); REST still has it. */
        SKIP("skip"),
        /** Sends trade N twice. */
        REPEAT("repeat"),
        /** Sends trade N after the next trade of the same symbol. */
        REORDER("reorder"),
        /** Sends a malformed frame after trade N (bad JSON, missing or mistyped field, absurd value, in turn). */
        MALFORMED("malformed"),
        /** Current connections get nothing more (no data, no ping) but stay open: the client must notice. */
        STALL("stall"),
        /** Current connections are no longer pinged. */
        NO_PING("no-ping"),
        /** Pongs on current connections are ignored, so the server drops them at the pong timeout. */
        NO_PONG("no-pong"),
        /** Sends the serverShutdown event on current connections, then closes them after the shutdown grace. */
        SHUTDOWN("shutdown");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** @throws IllegalArgumentException naming the bad entry and the allowed kinds */
    public static List<SimFault> parseList(String text) {
        List<SimFault> faults = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return faults;
        }
        for (String entry : text.split(",")) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            int at = e.indexOf('@');
            Kind kind = null;
            String name = at < 0 ? e : e.substring(0, at);
            for (Kind k : Kind.values()) {
                if (k.label.equals(name)) {
                    kind = k;
                }
            }
            long n;
            try {
                n = at < 0 ? -1 : Long.parseLong(e.substring(at + 1));
            } catch (NumberFormatException bad) {
                n = -1;
            }
            if (kind == null || n < 1) {
                throw new IllegalArgumentException("--faults entry '" + entry.trim() + "': use KIND@N with N >= 1 (the N-th trade), "
                    + "KIND one of drop, skip, repeat, reorder, malformed, stall, no-ping, no-pong, shutdown");
            }
            faults.add(new SimFault(kind, n));
        }
        return faults;
    }
}
