package io.herald.broker.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectRateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void burstOfTheRate_isAllowed_thenRefused() {
        ConnectRateLimiter limiter = new ConnectRateLimiter(3, clock);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void tokensRefillWithTime_upToTheRate() {
        ConnectRateLimiter limiter = new ConnectRateLimiter(2, clock);
        limiter.tryAcquire();
        limiter.tryAcquire();
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void zero_meansNoLimit() {
        ConnectRateLimiter limiter = new ConnectRateLimiter(0, clock);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire()).isTrue();
        }
    }

    @Test
    void negativeRate_isRejected() {
        assertThatThrownBy(() -> new ConnectRateLimiter(-1, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
