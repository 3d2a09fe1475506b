package io.herald.broker.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedCursor;
import io.herald.broker.store.RetainedStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RocksRetainedStoreTest extends ReopenedStoreTest {

    private RetainedStore open() {
        return reopen().retained();
    }

    @Test
    void retained_replacedAndRemovedPerTopic_andBackAfterReopening() {
        RetainedStore r = open();
        r.put(retained("home/kitchen/temp", "20"));
        r.put(retained("home/kitchen/temp", "21"));
        r.put(retained("home/hall/temp", "19"));
        r.put(retained("office/temp", "23"));
        r.remove("office/temp");
        r.remove("never/retained");

        RetainedStore reopened = open();
        assertThat(reopened.size()).isEqualTo(2);
        assertThat(reopened.match("home/kitchen/temp")).containsExactly(retained("home/kitchen/temp", "21"));
        assertThat(reopened.match("home/+/temp")).containsExactlyInAnyOrder(
                retained("home/kitchen/temp", "21"), retained("home/hall/temp", "19"));
        assertThat(reopened.match("office/#")).isEmpty();
        assertThat(reopened.match("#")).hasSize(2);
    }

    @Test
    void reopened_indexRebuiltFromTheStore_wildcardWalksAndRemovalsWork() {
        RetainedStore r = open();
        for (int i = 0; i < 300; i++) {
            r.put(retained("dev/" + i + "/state", "s" + i));
        }
        r.put(retained("$SYS/broker/uptime", "5"));

        RetainedStore reopened = open();
        List<String> topics = new ArrayList<>();
        RetainedCursor cursor = reopened.cursor("#");
        while (cursor.advance(topics::add, 16, 64)) {
            // a bounded piece per call, as an event loop takes it
        }
        assertThat(topics).hasSize(300).doesNotContain("$SYS/broker/uptime"); // [MQTT-4.7.2-1]
        assertThat(reopened.match("$SYS/#")).hasSize(1);
        reopened.remove("dev/7/state");
        assertThat(reopened.get("dev/7/state")).isNull();
        assertThat(reopened.match("dev/+/state")).hasSize(299);
        assertThat(open().size()).isEqualTo(300);
    }

    private static Message retained(String topic, String payload) {
        return new Message(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true, "pub", 1_700_000_000_000L);
    }
}
