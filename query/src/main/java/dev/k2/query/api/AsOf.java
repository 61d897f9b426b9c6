package dev.k2.query.api;

/**
 * Which view a query reads (DESIGN.md 3): the latest, or pinned to an older Iceberg snapshot by id or
 * by time (the snapshot current at that time). A pinned view is the snapshot alone: the journal
 * after its watermark is what happened later, so it is not part of an as-of answer.
 */
public sealed interface AsOf {
    Latest LATEST = new Latest();

    record Latest() implements AsOf {
    }

    record Snapshot(long snapshotId) implements AsOf {
    }

    record Timestamp(long micros) implements AsOf {
    }
}
