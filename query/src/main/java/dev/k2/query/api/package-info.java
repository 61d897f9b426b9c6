/**
 * The query contract (issue 5): typed queries, their rows, and {@link dev.k2.query.api.QueryService},
 * the one interface between the hybrid engine and its front ends (binary TCP server, HTTP API,
 * in-process callers). Front ends translate their wire format into these records; no SQL text from
 * a client ever reaches the engine.
 *
 * <p>Conventions every implementation keeps:
 * <ul>
 *   <li>Times are UTC epoch <b>microseconds</b> (the cold tier's precision); the hot tier truncates
 *       journal nanoseconds the same way, so both tiers agree on every comparison.</li>
 *   <li>Prices and sizes are longs scaled 1e-8 (DESIGN.md 6), exact; {@code decimal(18,8)} cold.</li>
 *   <li>Tick order is ({@code exchangeTimeMicros}, {@code journalIndex}, {@code journalRecord}): a
 *       total order, so "oldest first", "newest first", cursors and bar open/close are exact.</li>
 *   <li>A result is one <em>view</em>: one Iceberg snapshot plus the journal after its watermark, up
 *       to the journal end seen when the query began (DESIGN.md 3). Cursors carry the view, so
 *       paging stays exact while data arrives.</li>
 * </ul>
 */
package dev.k2.query.api;
