package io.herald.broker.handler;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.codec.Packets;
import io.herald.broker.session.SessionRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler of a connection's pipeline: checks decoder results, enforces that the
 * first packet is CONNECT [MQTT-3.1.0-1], picks the session loop from the client id and hands every
 * packet to it in arrival order.
 *
 * <p>Threads: runs on the channel's event loop; one instance per channel.
 */
final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MqttConnectionHandler.class);

    private final PacketDispatcher dispatcher;
    private final SessionRegistry registry;
    private final BrokerMetrics metrics;
    private Connection conn;

    MqttConnectionHandler(PacketDispatcher dispatcher, SessionRegistry registry, BrokerMetrics metrics) {
        this.dispatcher = dispatcher;
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        conn = new Connection(ctx.channel());
        metrics.connectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage m) || conn.state == Connection.State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (m.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            decodeFailure(ctx, m.decoderResult().cause());
            return;
        }
        if (conn.sessionLoop() == null && !bindOnConnect(ctx, m)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Object packet = m instanceof MqttPublishMessage p ? PublishPacket.copyOf(p) : m;
        conn.sessionLoop().execute(() -> dispatcher.dispatch(conn, packet));
    }

    /** First packet: it must be CONNECT; its client id decides the owning session loop. */
    private boolean bindOnConnect(ChannelHandlerContext ctx, MqttMessage m) {
        if (m.fixedHeader().messageType() != MqttMessageType.CONNECT) {
            metrics.protocolViolation();
            log.debug("closing {}: [MQTT-3.1.0-1] first packet is {}", ctx.channel().remoteAddress(),
                    m.fixedHeader().messageType());
            conn.state = Connection.State.CLOSED;
            ctx.close();
            return false;
        }
        String clientId = dispatcher.connectHandler().clientIdFor(conn, (MqttConnectMessage) m);
        if (clientId == null) {
            return false;
        }
        conn.clientId = clientId;
        conn.bindSessionLoop(registry.loopFor(clientId));
        return true;
    }

    private void decodeFailure(ChannelHandlerContext ctx, Throwable cause) {
        metrics.protocolViolation();
        boolean firstPacket = conn.sessionLoop() == null;
        if (firstPacket) {
            conn.state = Connection.State.CLOSED;
        }
        if (firstPacket && cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION); // [MQTT-3.1.2-2]
        } else if (firstPacket && cause instanceof MqttIdentifierRejectedException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED); // [MQTT-3.1.3-9]
        } else {
            ctx.close(); // malformed packet [MQTT-4.8.0-1]
        }
        log.debug("closing {}: malformed packet: {}", ctx.channel().remoteAddress(), cause.toString());
    }

    private void refuse(MqttConnectReturnCode code) {
        metrics.connectRefused();
        conn.send(Packets.connAck(code, false));
        conn.closeAfterFlush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // [MQTT-3.1.2-24] silent for 1.5 × keep alive (or no CONNECT in time): abnormal close, will published
            log.debug("closing {}: keep alive expired", conn);
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        metrics.connectionClosed();
        if (conn.sessionLoop() != null) {
            conn.sessionLoop().execute(() -> dispatcher.connectionLost(conn));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing {}: {}", conn, cause.toString());
        ctx.close();
    }
}
