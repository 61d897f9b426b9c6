package dev.k2.persistence.cold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The commit breaker and back-off on a manual clock: no threads, no sleeps. */
@Timeout(10)
class CircuitBreakerTest {
    private long nowNs;

    @Test
    void opensAfterThresholdFailuresProbesAfterCoolDownAndClosesOnSuccess() {
        CircuitBreaker breaker = new CircuitBreaker(3, TimeUnit.SECONDS.toNanos(30), () -> nowNs);
        assertThat(breaker.allowAttempt()).isTrue();
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.opens()).isEqualTo(1);
        assertThat(breaker.allowAttempt()).isFalse();

        nowNs += TimeUnit.SECONDS.toNanos(29);
        assertThat(breaker.allowAttempt()).isFalse();
        assertThat(breaker.remainingCoolDownNs()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        nowNs += TimeUnit.SECONDS.toNanos(1);
        assertThat(breaker.allowAttempt()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isZero();
        assertThat(breaker.allowAttempt()).isTrue();
    }

    @Test
    void aFailedHalfOpenProbeOpensTheBreakerAgainForAFullCoolDown() {
        CircuitBreaker breaker = new CircuitBreaker(1, 1_000, () -> nowNs);
        breaker.onFailure();
        nowNs += 1_000;
        assertThat(breaker.allowAttempt()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.opens()).isEqualTo(2);
        assertThat(breaker.allowAttempt()).isFalse();
        assertThat(breaker.remainingCoolDownNs()).isEqualTo(1_000);
    }

    @Test
    void backOffDoublesUpToItsCap() {
        CommitRetry retry = new CommitRetry(100, 1_000, 5, 30_000);
        assertThat(retry.backoffNs(1)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(retry.backoffNs(2)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(retry.backoffNs(4)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(800));
        assertThat(retry.backoffNs(5)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000));
        assertThat(retry.backoffNs(60)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000));
    }
}
