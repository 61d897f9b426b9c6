/**
 * Row formatting shared by every text front end: the HTTP API and the {@code k2 query} command.
 * {@link dev.k2.query.format.Columns} names the columns of each row type,
 * {@link dev.k2.query.format.RowWriter} writes a result as JSON, CSV or an aligned table to any
 * {@link java.lang.Appendable}, and {@link dev.k2.query.format.ValueText} writes single values.
 *
 * <p>Numbers are exact: prices and sizes are 1e-8 scaled longs written as their shortest exact
 * decimal ({@code 123450000000 → "1234.5"}, {@code 12345678901 → "123.45678901"}), never through
 * {@code double}; in JSON they are strings. Times are ISO-8601 UTC with microseconds
 * ({@code 2014-03-10T23:00:00.123456Z}). No Netty here.
 */
package dev.k2.query.format;
