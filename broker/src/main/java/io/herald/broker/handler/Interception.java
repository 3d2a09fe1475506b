package io.herald.broker.handler;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.BrokerMetrics.DropReason;
import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.publish.InboundPublish;
import io.herald.broker.publish.PublishInterceptor;
import io.herald.broker.publish.PublishVerdict;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a {@link PublishInterceptor} about a client's PUBLISH and turns its verdict into a PUBACK/PUBREC
 * reason code. An interceptor that throws or whose stage fails refuses the message with 0x80.
 *
 * <p>Threads: {@link #inspect} on the publisher's session loop. Stateless.
 */
final class Interception {

    private static final Logger log = LoggerFactory.getLogger(Interception.class);
    private static final byte SUCCESS = 0x00;

    private Interception() {}

    static CompletableFuture<PublishVerdict> inspect(PublishInterceptor interceptor, Connection conn, Message m) {
        MessageProperties props = m.properties();
        InboundPublish publish = new InboundPublish(conn.rights.identity(), conn.version.protocolLevel(), m.topic(),
                m.payload().bytes(), m.qos(), m.retain(),
                m.expiresAtMillis() == Message.NEVER ? null : (m.expiresAtMillis() - m.createdAtMillis()) / 1000,
                props.payloadFormat() < 0 ? null : props.payloadFormat() == 1, props.contentType(),
                props.responseTopic(), props.correlationData(), props.userProperties());
        try {
            return interceptor.inspect(publish).toCompletableFuture().exceptionally(e -> failed(conn, m, e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(conn, m, e));
        }
    }

    /** The reason code for the PUBACK/PUBREC; a refusal is counted as dropped. */
    static byte reason(PublishVerdict verdict, BrokerMetrics metrics) {
        if (verdict.accepted()) {
            return SUCCESS;
        }
        metrics.dropped(DropReason.INTERCEPTED);
        return (byte) verdict.reasonCode();
    }

    private static PublishVerdict failed(Connection conn, Message m, Throwable e) {
        log.warn("interceptor failed on a message from {} to {}; refused: {}", conn, m.topic(), e.toString());
        return PublishVerdict.refuse(PublishVerdict.UNSPECIFIED_ERROR, "interceptor failed");
    }
}
