package dev.k2.feeds.live;

import dev.k2.engine.instrument.InstrumentRegistry;
import dev.k2.engine.journal.DeadLetterSink;
import dev.k2.engine.ring.TickIngress;
import dev.k2.engine.stats.EngineCounters;
import dev.k2.engine.time.EpochClock;
import java.util.function.Supplier;

/**
 * What a live feed gets from the engine.
 *
 * @param registry    intern instruments once per symbol (not per message)
 * @param ingress     claim, fill, publish; {@link TickIngress#tryClaim()} returns FULL instead of waiting
 * @param deadLetters makes a new dead-letter sink; call it on the thread that will use the sink (each
 *                    Netty event loop gets its own, since a sink belongs to one thread)
 * @param counters    the engine's counters ({@code READ}, {@code DEAD_LETTERS} may be shared by feeds)
 * @param clock       receive timestamps
 */
public record FeedContext(InstrumentRegistry registry, TickIngress ingress, Supplier<DeadLetterSink> deadLetters,
                          EngineCounters counters, EpochClock clock) {
}
