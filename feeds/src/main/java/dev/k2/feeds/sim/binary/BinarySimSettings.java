package dev.k2.feeds.sim.binary;

import dev.k2.engine.time.EpochClock;

/**
 * What the binary simulator serves.
 *
 * @param livePort         live port on 127.0.0.1 (0 = any free port)
 * @param retransmitPort   retransmission port on 127.0.0.1 (0 = any free port)
 * @param ratePerSecond    ticks per second offered, or 0 for as fast as the client reads
 * @param count            ticks to produce, then stop producing (heartbeats and retransmissions go on)
 * @param maxDurationNs    stop producing after this long even if {@code count} is not reached (0 = no limit)
 * @param instruments      instruments, spread round-robin over the channels
 * @param channels         channels, each with its own sequence from 1
 * @param seed             the same seed gives the same ticks (prices, sizes, sides, instruments, order)
 * @param faults           faults to inject
 * @param heartbeatNs      interval of the per-channel heartbeats on the live port
 * @param retainPerChannel ticks kept per channel for retransmission
 * @param clock            exchange times: each tick carries its planned send time from this clock
 */
public record BinarySimSettings(int livePort, int retransmitPort, long ratePerSecond, long count, long maxDurationNs,
                                int instruments, int channels, long seed, FaultPlan faults, long heartbeatNs,
                                long retainPerChannel, EpochClock clock) {
    public static final long DEFAULT_HEARTBEAT_NS = 100_000_000L;
    public static final long DEFAULT_RETAIN_PER_CHANNEL = 4_000_000L;

    public BinarySimSettings {
        if (livePort < 0 || livePort > 65_535 || retransmitPort < 0 || retransmitPort > 65_535) {
            throw new IllegalArgumentException("ports must be 0..65535 (0 = any free port), were " + livePort + " and "
                + retransmitPort);
        }
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("--rate must be a positive number of ticks per second or 'max', was "
                + ratePerSecond);
        }
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, was " + count);
        }
        if (instruments < 1 || instruments > 10_000) {
            throw new IllegalArgumentException("--instruments must be 1..10000, was " + instruments);
        }
        if (channels < 1 || channels > Math.min(instruments, 1_000)) {
            throw new IllegalArgumentException("--channels must be 1..min(instruments, 1000) so that every channel "
                + "carries an instrument, was " + channels + " with " + instruments + " instruments");
        }
    }

    /** Defaults for everything but the ports, rate and count: 8 instruments on 4 channels, no faults. */
    public static BinarySimSettings of(int livePort, int retransmitPort, long ratePerSecond, long count) {
        return new BinarySimSettings(livePort, retransmitPort, ratePerSecond, count, 0, 8, 4, 42, FaultPlan.none(),
            DEFAULT_HEARTBEAT_NS, DEFAULT_RETAIN_PER_CHANNEL, EpochClock.system());
    }

    public BinarySimSettings withFaults(FaultPlan plan) {
        return new BinarySimSettings(livePort, retransmitPort, ratePerSecond, count, maxDurationNs, instruments, channels,
            seed, plan, heartbeatNs, retainPerChannel, clock);
    }

    public BinarySimSettings withClock(EpochClock epochClock) {
        return new BinarySimSettings(livePort, retransmitPort, ratePerSecond, count, maxDurationNs, instruments, channels,
            seed, faults, heartbeatNs, retainPerChannel, epochClock);
    }

    public BinarySimSettings withMarket(int instrumentCount, int channelCount, long marketSeed) {
        return new BinarySimSettings(livePort, retransmitPort, ratePerSecond, count, maxDurationNs, instrumentCount,
            channelCount, marketSeed, faults, heartbeatNs, retainPerChannel, clock);
    }
}
