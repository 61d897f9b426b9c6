package dev.k2.persistence.cold;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * {@code k2.gaps}: the journal's gap markers as rows, so that an audit finds every sequence range
 * the engine saw missing with one query (DESIGN.md 8). Written by the {@link ColdWriter} in the same
 * batches as the tick tables, under the same exactly-once rule: each snapshot's summary holds
 * {@link Watermark#SUMMARY_KEY}, the last journal excerpt whose gap markers the table holds.
 *
 * <pre>
 * id  column          type                 from the journal's GAP marker
 *  1  venue           string (required)    instrument definition
 *  2  symbol          string (required)    instrument definition
 *  4  channel         int (required)       the marker's channel
 * 20  from_seq        long (required)      first missing sequence
 * 21  to_seq          long (required)      last missing sequence (inclusive)
 * 22  detected_at     timestamptz (micros) when the engine saw the jump (the marker's journal time)
 * 18  journal_index   long (required)      Chronicle index of the excerpt holding the marker
 * 19  journal_record  int (required)       the marker's ordinal in that excerpt
 * </pre>
 *
 * <p>Field ids shared with the tick tables ({@link ColdSchema}) mean the same column. Unpartitioned:
 * gap markers are few (one per sequence jump), so one small file per batch that has any.
 */
public final class GapTable {
    public static final String NAME = "gaps";
    public static final String FROM_SEQ = "from_seq";
    public static final String TO_SEQ = "to_seq";
    public static final String DETECTED_AT = "detected_at";
    public static final TableIdentifier IDENTIFIER = TableIdentifier.of(ColdCatalog.NAMESPACE, NAME);
    public static final Schema SCHEMA = new Schema(
        Types.NestedField.required(1, ColdSchema.VENUE, Types.StringType.get(), "venue code, e.g. ASX, BINANCE"),
        Types.NestedField.required(2, ColdSchema.SYMBOL, Types.StringType.get(), "instrument symbol at the venue"),
        Types.NestedField.required(4, ColdSchema.CHANNEL, Types.IntegerType.get(), "sub-stream of the instrument"),
        Types.NestedField.required(20, FROM_SEQ, Types.LongType.get(), "first missing sequence"),
        Types.NestedField.required(21, TO_SEQ, Types.LongType.get(), "last missing sequence, inclusive"),
        Types.NestedField.required(22, DETECTED_AT, Types.TimestampType.withZone(), "when the engine saw the gap, UTC"),
        Types.NestedField.required(18, ColdSchema.JOURNAL_INDEX, Types.LongType.get(), "Chronicle index of the excerpt"),
        Types.NestedField.required(19, ColdSchema.JOURNAL_RECORD, Types.IntegerType.get(), "record ordinal within the excerpt"));
    public static final PartitionSpec SPEC = PartitionSpec.unpartitioned();
    public static final SortOrder SORT_ORDER = SortOrder.unsorted();

    private GapTable() {
    }
}
