package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Packet identifiers 1..65535, never one in use [MQTT-2.2.1-3]. */
class PacketIdsTest {

    @Test
    void acquire_handsOutEveryIdOnceThenRunsOut() {
        PacketIds ids = new PacketIds();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 65_535; i++) {
            int id = ids.acquire();
            assertThat(id).isBetween(1, 65_535);
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(ids.acquire()).isEqualTo(-1);
        ids.release(42);
        assertThat(ids.acquire()).isEqualTo(42);
    }

    @Test
    void acquire_skipsIdsInUseAfterWrappingAround() {
        PacketIds ids = new PacketIds();
        int first = ids.acquire();
        for (int i = 1; i < 65_535; i++) {
            ids.release(ids.acquire());
        }
        assertThat(ids.acquire()).isNotEqualTo(first);
    }
}
