package io.herald.broker.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.message.Message;
import io.herald.broker.store.RetainedStore;
import java.nio.charset.StandardCharsets;
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

    private static Message retained(String topic, String payload) {
        return new Message(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true, "pub", 1_700_000_000_000L);
    }
}
