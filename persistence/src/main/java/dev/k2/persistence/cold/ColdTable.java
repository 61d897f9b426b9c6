package dev.k2.persistence.cold;

import dev.k2.engine.tick.TickKind;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.catalog.TableIdentifier;

/** The cold tables, each derived from {@link ColdSchema}: one per tick kind. */
public enum ColdTable {
    TRADES("trades", TickKind.TRADE),
    QUOTES("quotes", TickKind.QUOTE);

    private final String tableName;
    private final TickKind kind;
    private final Schema schema;
    private final PartitionSpec spec;
    private final SortOrder sortOrder;

    ColdTable(String tableName, TickKind kind) {
        this.tableName = tableName;
        this.kind = kind;
        this.schema = ColdSchema.schema(kind == TickKind.TRADE);
        this.spec = ColdSchema.partitionSpec(schema);
        this.sortOrder = ColdSchema.sortOrder(schema);
    }

    /** The table name within the catalog namespace, e.g. {@code trades}. */
    public String tableName() {
        return tableName;
    }

    public TickKind kind() {
        return kind;
    }

    public Schema schema() {
        return schema;
    }

    public PartitionSpec spec() {
        return spec;
    }

    public SortOrder sortOrder() {
        return sortOrder;
    }

    public TableIdentifier identifier() {
        return TableIdentifier.of(ColdCatalog.NAMESPACE, tableName);
    }

    public static ColdTable of(TickKind kind) {
        return kind == TickKind.TRADE ? TRADES : QUOTES;
    }
}
