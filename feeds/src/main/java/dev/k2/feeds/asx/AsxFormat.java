package dev.k2.feeds.asx;

import dev.k2.engine.tick.TickKind;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two ASX sample file layouts. Both have no header row, comma-separated fields, dates
 * {@code MM/DD/YYYY} and times {@code HH:MM:SS.mmm} in Sydney local time, and one file per company.
 *
 * <pre>
 *  asx-trades  date,time,price,volume,qualifiers,venue,buyer_id
 *              03/10/2014,07:57:14.754,36.667,20000,3,X,
 *  asx-quotes  date,time,bid,ask,bid_volume,ask_volume
 *              03/10/2014,05:43:45.676,37.7,0.0,300,0
 * </pre>
 *
 * Prices are decimals, volumes integer share counts, qualifiers an integer condition code; venue
 * ({@code X} or empty) and buyer_id (almost always empty) are kept as vendor data.
 */
public enum AsxFormat {
    TRADES("asx-trades", TickKind.TRADE, List.of("date", "time", "price", "volume", "qualifiers", "venue", "buyer_id")),
    QUOTES("asx-quotes", TickKind.QUOTE, List.of("date", "time", "bid", "ask", "bid_volume", "ask_volume"));

    private final String id;
    private final TickKind kind;
    private final List<String> fields;

    AsxFormat(String id, TickKind kind, List<String> fields) {
        this.id = id;
        this.kind = kind;
        this.fields = fields;
    }

    /** The name used on the command line and in configuration ("asx-trades", "asx-quotes"). */
    public String id() {
        return id;
    }

    public TickKind kind() {
        return kind;
    }

    public int fieldCount() {
        return fields.size();
    }

    /** The name of field {@code number}, counting from 1 as the messages do. */
    public String fieldName(int number) {
        return fields.get(number - 1);
    }

    /** The field names joined with commas, as a header line would have them. */
    public String layout() {
        return String.join(",", fields);
    }

    /** @throws IllegalArgumentException naming the allowed values when {@code text} is none of them */
    public static AsxFormat parse(String text) {
        for (AsxFormat format : values()) {
            if (format.id.equals(text)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown ASX format '" + text + "': expected one of "
            + Arrays.stream(values()).map(AsxFormat::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
