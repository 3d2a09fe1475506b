package io.herald.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    private final List<String> lines = new ArrayList<>();
    private final MutableClock clock = new MutableClock();
    private final RateLimitedLog log = new RateLimitedLog(lines::add, Duration.ofSeconds(60), clock);

    @Test
    void firstOccurrence_loggedAtOnce_repeatsWithinTheInterval_countedInTheNextLine() {
        log.log("tls", "tls {} refused: not a TLS connection", "10.0.0.1:1");
        for (int i = 2; i <= 160; i++) {
            clock.advance(Duration.ofMillis(100));
            log.log("tls", "tls {} refused: not a TLS connection", "10.0.0." + i + ":1");
        }
        assertThat(lines).containsExactly("tls 10.0.0.1:1 refused: not a TLS connection");

        clock.advance(Duration.ofSeconds(60));
        log.log("tls", "tls {} refused: not a TLS connection", "10.0.0.200:1");
        assertThat(lines).hasSize(2).last()
                .isEqualTo("tls 10.0.0.200:1 refused: not a TLS connection (and 159 more in the last 60 s)");
    }

    @Test
    void causesAreCountedApart() {
        log.log("a", "cause a");
        log.log("b", "cause b");
        log.log("a", "cause a");
        assertThat(lines).containsExactly("cause a", "cause b");
    }

    @Test
    void quietCause_nextLineHasNoCount() {
        log.log("a", "cause a");
        clock.advance(Duration.ofSeconds(61));
        log.log("a", "cause a");
        assertThat(lines).containsExactly("cause a", "cause a");
    }

    @Test
    void manyCauses_staleOnesForgotten_mapStaysBounded() {
        for (int i = 0; i < RateLimitedLog.MAX_CAUSES; i++) {
            log.log("client-" + i, "x");
        }
        clock.advance(Duration.ofSeconds(61));
        log.log("one more", "y");
        log.log("client-0", "x");
        assertThat(lines).hasSize(RateLimitedLog.MAX_CAUSES + 2);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
