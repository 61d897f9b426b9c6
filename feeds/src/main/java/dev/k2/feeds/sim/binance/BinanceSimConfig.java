package dev.k2.feeds.sim.binance;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How the Binance simulator runs.
 *
 * @param port          TCP port on 127.0.0.1 (0: any free port)
 * @param symbols       upper-case symbols it trades
 * @param rate          trades per second over all symbols
 * @param count         stop generating after this many trades (0: no limit)
 * @param duration      stop generating after this long (null: no limit)
 * @param seed          the trades (ids, prices, quantities, sides, symbol order) are a function of it
 * @param faults        faults to inject
 * @param pingInterval  server ping period (Binance: 20 s)
 * @param pongTimeout   a connection whose pong is this late is dropped (Binance: 1 min)
 * @param shutdownGrace how long after a serverShutdown event the connection closes
 */
public record BinanceSimConfig(int port, List<String> symbols, int rate, long count, Duration duration, long seed,
                               List<SimFault> faults, Duration pingInterval, Duration pongTimeout,
                               Duration shutdownGrace) {
    public BinanceSimConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + ": use 0..65535 (0 picks a free port)");
        }
        if (symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException("--symbols: give at least one symbol, e.g. BTCUSDT");
        }
        symbols = symbols.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).distinct().toList();
        for (String symbol : symbols) {
            if (!symbol.matches("[A-Z0-9_]{1,20}")) {
                throw new IllegalArgumentException("symbol '" + symbol + "': use 1-20 letters or digits, e.g. BTCUSDT");
            }
        }
        if (rate < 1 || rate > 1_000_000) {
            throw new IllegalArgumentException("--rate " + rate + ": use 1..1000000 trades per second");
        }
        if (count < 0) {
            throw new IllegalArgumentException("--count " + count + ": must not be negative (0 means no limit)");
        }
        faults = List.copyOf(faults);
        if (pingInterval.isZero() || pingInterval.isNegative() || pongTimeout.isZero() || pongTimeout.isNegative()) {
            throw new IllegalArgumentException("ping interval and pong timeout must be above zero");
        }
    }

    /** Binance's timings: ping every 20 s, drop after a minute without pong, close 2 s after serverShutdown. */
    public static BinanceSimConfig of(int port, List<String> symbols, int rate, long count, long seed, List<SimFault> faults) {
        return new BinanceSimConfig(port, symbols, rate, count, null, seed, faults, Duration.ofSeconds(20),
            Duration.ofMinutes(1), Duration.ofSeconds(2));
    }

    public BinanceSimConfig withPing(Duration interval, Duration timeout) {
        return new BinanceSimConfig(port, symbols, rate, count, duration, seed, faults, interval, timeout, shutdownGrace);
    }

    public BinanceSimConfig withDuration(Duration d) {
        return new BinanceSimConfig(port, symbols, rate, count, d, seed, faults, pingInterval, pongTimeout, shutdownGrace);
    }

    public BinanceSimConfig withShutdownGrace(Duration grace) {
        return new BinanceSimConfig(port, symbols, rate, count, duration, seed, faults, pingInterval, pongTimeout, grace);
    }
}
