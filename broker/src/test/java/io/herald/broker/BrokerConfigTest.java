package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    @Test
    void sysInterval_tenSecondsByDefault_zeroAllowed_negativeOrBelowAMillisecondRefused() {
        assertThat(BrokerConfig.builder().build().sysInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(BrokerConfig.builder().sysInterval(Duration.ZERO).build().sysInterval()).isZero();
        assertThat(BrokerConfig.builder().build().toBuilder().sysInterval(Duration.ofSeconds(3)).build()
                .toBuilder().build().sysInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> BrokerConfig.builder().sysInterval(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sysInterval");
        assertThatThrownBy(() -> BrokerConfig.builder().sysInterval(Duration.ofNanos(10)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sysInterval");
    }
}
