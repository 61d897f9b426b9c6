package dev.k2.feeds.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.feeds.live.ReconnectBackoff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class GapTrackerTest {
    @Test
    void opensAGapWhenTradeIdsSkipAndClosesItAsLateIdsArrive() {
        GapTracker tracker = new GapTracker(BinanceStream.TRADE, 1, "BTCUSDT", -1);
        assertThat(tracker.onId(100, 0)).isFalse();
        assertThat(tracker.onId(101, 0)).isFalse();
        assertThat(tracker.onId(105, 0)).isTrue();
        assertThat(tracker.missing()).isEqualTo(3);
        tracker.onId(103, 0);
        assertThat(tracker.gaps()).hasSize(2);
        tracker.onId(102, 0);
        tracker.onId(104, 0);
        assertThat(tracker.missing()).isZero();
        assertThat(tracker.gaps()).isEmpty();
        tracker.onId(101, 0);
        assertThat(tracker.missing()).isZero();
    }

    @Test
    void aRestartResumesAfterTheLastJournaledIdSoTheFirstLiveTradeRevealsWhatWasMissed() {
        GapTracker tracker = new GapTracker(BinanceStream.TRADE, 1, "BTCUSDT", 500);
        assertThat(tracker.onId(510, 0)).isTrue();
        assertThat(tracker.gaps().get(0).from).isEqualTo(501);
        assertThat(tracker.gaps().get(0).to).isEqualTo(509);
    }

    @Test
    void backOffDoublesUpToItsCapWithJitterAndResets() {
        ReconnectBackoff backoff = new ReconnectBackoff(100, 1_000, 7);
        long[] delays = new long[6];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = backoff.nextDelayNs();
        }
        assertThat(delays[0]).isBetween(50L, 100L);
        assertThat(delays[1]).isBetween(100L, 200L);
        assertThat(delays[2]).isBetween(200L, 400L);
        assertThat(delays[5]).isBetween(500L, 1_000L);
        backoff.reset();
        assertThat(backoff.nextDelayNs()).isBetween(50L, 100L);
    }

    @Test
    void connectionAttemptsAreLimitedPerWindow() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(300, 300_000);
        for (int i = 0; i < 300; i++) {
            assertThat(limiter.delayNs(i)).isZero();
            limiter.record(i);
        }
        assertThat(limiter.delayNs(1_000)).isEqualTo(299_000);
        assertThat(limiter.delayNs(300_000)).isZero();
    }
}
