package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void p2pWithUnequalSides_andOfflineWithoutPersistence_areRefusedTogether() {
        assertThatThrownBy(() -> new BenchOptions(Scenario.P2P, "127.0.0.1", 1883, "tcp", "/mqtt", 4, 3, 4, null, 1,
                64, 0, 10, Duration.ZERO, Duration.ofSeconds(1), false, true, 0, 0, -1, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p2p needs as many publishers as subscribers")
                .hasMessageContaining("--offline needs --persistent");
    }

    @Test
    void payloadSmallerThanTheHeader_isRefused() {
        assertThatThrownBy(() -> new BenchOptions(Scenario.FANOUT, "127.0.0.1", 1883, "tcp", "/mqtt", 5, 1, 4, null, 0,
                8, 0, 10, Duration.ZERO, Duration.ofSeconds(1), false, false, 0, 0, -1, null, null))
                .hasMessageContaining("payload must be 20 bytes");
    }

    @Test
    void passwordWithoutUserName_isRefused() {
        assertThatThrownBy(() -> new BenchOptions(Scenario.CONNECTIONS, "127.0.0.1", 1883, "tcp", "/mqtt", 4, 0, 4, null,
                0, 64, 0, 10, Duration.ZERO, Duration.ofSeconds(1), false, false, 0, 0, -1, null, "secret"))
                .hasMessageContaining("--password needs --username");
    }
}
