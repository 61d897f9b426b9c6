package dev.k2.query.api;

/** An instrument K2 has seen. */
public record SymbolRow(String venue, String symbol, String assetClass) {
}
