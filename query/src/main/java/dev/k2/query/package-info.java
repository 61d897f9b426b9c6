/**
 * Hybrid hot + cold queries (a later issue): cold = DuckDB over the Iceberg files of one snapshot,
 * hot = journal records after that snapshot's watermark; binary TCP protocol, Java client, HTTP.
 * Empty for now: the module exists so the layout shows the whole data flow.
 */
package dev.k2.query;
