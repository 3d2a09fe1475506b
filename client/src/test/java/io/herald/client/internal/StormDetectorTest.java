package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.client.ReconnectPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Takeovers in a row make a storm; a connection that lasts clears the count; 0x8E is proof at once. */
class StormDetectorTest {

    private final MutableClock clock = new MutableClock();
    private final StormDetector storm = new StormDetector(ReconnectPolicy.forever()
            .withStormDetection(3, Duration.ofSeconds(10)), clock);

    @Test
    void threeShortConnectionsInARow_areAStorm_thenReconnectsCoolDownForOneWindow() {
        assertThat(shortConnection()).isFalse();
        assertThat(shortConnection()).isFalse();
        assertThat(shortConnection()).isTrue();
        assertThat(storm.coolingDown()).isTrue();
        clock.advance(Duration.ofSeconds(11));
        assertThat(storm.coolingDown()).isFalse();
    }

    @Test
    void aConnectionThatLasts_clearsTheCount() {
        shortConnection();
        shortConnection();
        Instant start = clock.instant();
        clock.advance(Duration.ofSeconds(30));
        assertThat(storm.serverClosed(start, -1)).isFalse();
        assertThat(shortConnection()).isFalse();
        assertThat(shortConnection()).isFalse();
        assertThat(shortConnection()).isTrue();
    }

    @Test
    void sessionTakenOver_isAStormAtOnce() {
        assertThat(storm.serverClosed(clock.instant(), StormDetector.SESSION_TAKEN_OVER)).isTrue();
    }

    @Test
    void thresholdZero_disablesDetection() {
        StormDetector off = new StormDetector(ReconnectPolicy.forever().withStormDetection(0, Duration.ofSeconds(10)),
                clock);
        for (int i = 0; i < 10; i++) {
            assertThat(off.serverClosed(clock.instant(), StormDetector.SESSION_TAKEN_OVER)).isFalse();
        }
        assertThat(off.coolingDown()).isFalse();
    }

    @Test
    void reset_forgetsAStorm() {
        storm.serverClosed(clock.instant(), StormDetector.SESSION_TAKEN_OVER);
        storm.reset();
        assertThat(storm.coolingDown()).isFalse();
    }

    private boolean shortConnection() {
        Instant start = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        return storm.serverClosed(start, -1);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
