package io.herald.broker.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.broker.message.Inflight;
import io.herald.broker.message.Message;
import io.herald.broker.message.Payload;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.publish.UserProperty;
import io.herald.broker.store.SessionRecord;
import io.herald.broker.store.StoreException;
import io.herald.broker.topic.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {

    private static final Message PLAIN = new Message("a/b", bytes("hello"), 1, false, "pub", 1_700_000_000_000L);
    private static final Message FULL = new Message("sensors/ü/temp", bytes("21.5"), 2, true, "", 1_700_000_000_123L,
            1_700_000_060_000L, new MessageProperties(1, "text/plain", "reply/to", new byte[] {0, 1, 2},
                    List.of(new UserProperty("k", "v"), new UserProperty("k", "w")), List.of(7, 300_000)));

    @Test
    void queued_roundTrips_withAndWithoutProperties_andKeepsTheSize() {
        for (Message m : List.of(PLAIN, FULL, new Message("e", new byte[0], 0, false, "x", 0))) {
            byte[] value = Records.queued(m);
            assertThat(Records.queued(value, "c")).isEqualTo(m);
            assertThat(Records.queuedSize(value, "c")).isEqualTo(m.size());
        }
    }

    @Test
    void trackingId_survivesTheQueueAndTheInflightRecords() {
        Message tracked = new Message("i/x", Payload.of(bytes("{}")), 1, false, "", 1_700_000_000_000L, Message.NEVER,
                MessageProperties.NONE, "push-42");
        assertThat(Records.queued(Records.queued(tracked), "c").trackingId()).isEqualTo("push-42");
        assertThat(Records.inflight(7, Records.inflight(1, new Inflight(7, tracked, false)), "c").inflight().message()
                .trackingId()).isEqualTo("push-42");
        assertThat(Records.queued(Records.queued(PLAIN), "c").trackingId()).isNull();
    }

    @Test
    void queued_plainMessage_isCompact() {
        // version, size, flags, topic (1+3), publisher (1+3), created-at (6), payload (1+5)
        assertThat(Records.queued(PLAIN)).hasSize(1 + 1 + 1 + 4 + 4 + 6 + 6);
    }

    @Test
    void message_propertiesSurvive_field_by_field() {
        MessageProperties p = Records.retained(Records.retained(FULL), FULL.topic()).properties();
        assertThat(p.payloadFormat()).isEqualTo(1);
        assertThat(p.contentType()).isEqualTo("text/plain");
        assertThat(p.responseTopic()).isEqualTo("reply/to");
        assertThat(p.correlationData()).containsExactly(0, 1, 2);
        assertThat(p.userProperties()).containsExactly(new UserProperty("k", "v"), new UserProperty("k", "w"));
        assertThat(p.subscriptionIds()).containsExactly(7, 300_000);
    }

    @Test
    void inflight_roundTrips_withOrderAndReleasedFlag() {
        byte[] value = Records.inflight(42, new Inflight(65_535, FULL, true));
        Records.StoredInflight stored = Records.inflight(65_535, value, "c");
        assertThat(stored.order()).isEqualTo(42);
        assertThat(stored.inflight()).isEqualTo(new Inflight(65_535, FULL, true));
        assertThat(Records.inflightSlot(65_535, value, "c").order()).isEqualTo(42);
        assertThat(Records.inflightSlot(65_535, value, "c").queueSeq()).isEqualTo(-1);
    }

    @Test
    void inflightOfAQueuedMessage_holdsOnlyOrderReleasedFlagAndQueueEntry() {
        byte[] value = Records.queuedInflight(42, true, 1L << 40);
        assertThat(value).hasSizeLessThan(16);
        Records.StoredInflight stored = Records.inflight(7, value, "c");
        assertThat(stored.inflight()).isNull();
        assertThat(stored.order()).isEqualTo(42);
        assertThat(stored.released()).isTrue();
        assertThat(stored.packetId()).isEqualTo(7);
        assertThat(stored.queueSeq()).isEqualTo(1L << 40);
        assertThat(Records.inflightSlot(7, value, "c").queueSeq()).isEqualTo(1L << 40);
    }

    @Test
    void session_roundTrips_subscriptionsWithEveryOption_andOfflineTime() {
        SessionRecord r = new SessionRecord("c1", SessionRecord.NEVER_EXPIRES, List.of(Subscription.of("a/#", 1),
                new Subscription("$share/g/b/+", 2, true, true, 2, 268_435_455)));
        Records.StoredSession stored = Records.session("c1", Records.session(r, 1_700_000_000_000L));
        assertThat(stored.record()).isEqualTo(r);
        assertThat(stored.offlineSinceMillis()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void truncatedRecord_isCorrupt() {
        byte[] value = Records.queued(PLAIN);
        assertThatThrownBy(() -> Records.queued(Arrays.copyOf(value, value.length - 1), "c1"))
                .isInstanceOf(StoreException.class)
                .hasMessage("corrupt queued message of client c1: ends after " + (value.length - 1) + " bytes");
    }

    @Test
    void trailingBytes_areCorrupt() {
        byte[] value = Arrays.copyOf(Records.retained(PLAIN), Records.retained(PLAIN).length + 2);
        assertThatThrownBy(() -> Records.retained(value, "a/b")).isInstanceOf(StoreException.class)
                .hasMessageContaining("2 unexpected bytes at the end");
    }

    @Test
    void otherRecordVersion_isRefused() {
        byte[] value = Records.session(new SessionRecord("c", 10, List.of()), 0);
        value[0] = 9;
        assertThatThrownBy(() -> Records.session("c", value)).isInstanceOf(StoreException.class)
                .hasMessage("corrupt session of client c: record version 9, expected 1");
    }

    @Test
    void invalidFilterInASession_isCorrupt() {
        byte[] value = Records.session(new SessionRecord("c", 10, List.of(Subscription.of("a/b", 1))), 0);
        value[value.length - 5] = (byte) '#'; // "a/b" becomes "#/b"
        assertThatThrownBy(() -> Records.session("c", value)).isInstanceOf(StoreException.class)
                .hasMessageContaining("invalid topic filter");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
