package io.herald.broker.handler;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.codec.ConnectPreamble;
import io.herald.broker.codec.MqttPacketGuard;
import io.herald.broker.codec.PartialPacketBudget;
import io.herald.broker.codec.Packets;
import io.herald.broker.codec.ProtocolViolation;
import io.herald.broker.session.SessionRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler of a connection's pipeline: checks decoder results, enforces that the
 * first packet is CONNECT [MQTT-3.1.0-1], moves the channel to the event loop that owns the client
 * id's session and hands every packet to the dispatcher in arrival order, on that one thread. Errors
 * found here (malformed packets, keep-alive timeout, shutdown) end the connection.
 *
 * <p>Threads: runs on the channel's event loop: the accepting worker loop until CONNECT, the
 * session's loop from then on (a channel is read by one loop at a time; the move orders the two).
 * One instance per channel.
 */
final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {

    /** Fired into every connection when the broker shuts down. */
    static final Object SHUTDOWN = new Object();

    private static final Logger log = LoggerFactory.getLogger(MqttConnectionHandler.class);
    private static final byte KEEP_ALIVE_TIMEOUT = (byte) 0x8D;
    private static final byte SERVER_SHUTTING_DOWN = (byte) 0x8B;

    private final PacketDispatcher dispatcher;
    private final SessionRegistry registry;
    private final BrokerMetrics metrics;
    private final ChannelFutureListener countClose;
    private final Clock clock;
    private final int topicAliasMaximum;
    private final ConnectionRights rights;
    private final String transport;
    private Connection conn;
    /**
     * Packets read while the channel moves to its session's loop, the CONNECT first; null otherwise.
     * Written on the old loop, read on the new one after the move (the registration orders the two).
     */
    private List<MqttMessage> moving;

    MqttConnectionHandler(PacketDispatcher dispatcher, SessionRegistry registry, BrokerMetrics metrics,
            ChannelFutureListener countClose, Clock clock, int topicAliasMaximum, ConnectionRights rights,
            String transport) {
        this.countClose = countClose;
        this.rights = rights;
        this.transport = transport;
        this.dispatcher = dispatcher;
        this.registry = registry;
        this.metrics = metrics;
        this.clock = clock;
        this.topicAliasMaximum = topicAliasMaximum;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        conn = new Connection(ctx.channel(), clock, topicAliasMaximum, rights, transport);
        metrics.connectionOpened();
        // counted when it closes, not at channelInactive: a channel that closes while it moves between
        // loops has its pipeline torn down without that event
        ctx.channel().closeFuture().addListener(countClose);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage m) || conn.sessionLoop() == null && conn.state == Connection.State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (moving != null) {
            moving.add(m); // read on the old loop before it let go of the channel
            return;
        }
        if (m.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            decodeFailure(ctx, m.decoderResult().cause());
            return;
        }
        if (conn.sessionLoop() == null) {
            bindOnConnect(ctx, m);
            return;
        }
        dispatcher.dispatch(conn, m instanceof MqttPublishMessage p ? PublishPacket.of(p, ctx.alloc()) : m);
    }

    /**
     * First packet: it must be CONNECT; its client id decides the session loop, and the channel moves
     * there before the CONNECT is handled, so that the connection and its session share one thread.
     */
    private void bindOnConnect(ChannelHandlerContext ctx, MqttMessage m) {
        if (m.fixedHeader().messageType() != MqttMessageType.CONNECT) {
            ReferenceCountUtil.release(m);
            metrics.protocolViolation();
            log.debug("closing {}: [MQTT-3.1.0-1] first packet is {}", ctx.channel().remoteAddress(),
                    m.fixedHeader().messageType());
            conn.state = Connection.State.CLOSED;
            ctx.close();
            return;
        }
        MqttConnectMessage connect = (MqttConnectMessage) m;
        if (connect.variableHeader().version() == 5) {
            conn.version = MqttVersion.MQTT_5;
        }
        String clientId = dispatcher.connectHandler().clientIdFor(conn, connect);
        if (clientId == null) {
            return;
        }
        conn.clientId = clientId;
        EventLoop target = registry.loopFor(clientId);
        if (ctx.channel().eventLoop() == target) {
            conn.bindSessionLoop(target);
            dispatcher.dispatch(conn, m);
            return;
        }
        moving = new ArrayList<>();
        moving.add(m);
        Channel channel = ctx.channel();
        channel.deregister().addListener(d -> {
            if (!d.isSuccess()) {
                arrive(ctx, null);
                return;
            }
            target.register(channel).addListener(r -> arrive(ctx, r.isSuccess() ? target : null));
        });
    }

    /**
     * The channel is registered with its session's loop (we run there now), or could not be moved
     * (null): the packets read meanwhile are handled in order, or dropped with the connection.
     */
    private void arrive(ChannelHandlerContext ctx, EventLoop loop) {
        List<MqttMessage> held = moving;
        moving = null;
        if (loop == null) {
            held.forEach(ReferenceCountUtil::release);
            conn.state = Connection.State.CLOSED;
            ctx.close();
            if (!ctx.channel().isRegistered()) {
                // closed between the two loops: no loop will tear the pipeline down (decoder buffers)
                ctx.pipeline().fireChannelUnregistered();
            }
            return;
        }
        conn.bindSessionLoop(loop);
        for (MqttMessage m : held) {
            channelRead(ctx, m);
        }
    }

    private void decodeFailure(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("malformed packet from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        dispatcher.badClients().log("malformed", "closed a connection that sent a malformed packet, e.g. {}: {}",
                ctx.channel().remoteAddress(), cause.getMessage());
        if (conn.sessionLoop() != null) {
            byte reason = cause instanceof TooLongFrameException
                    ? ProtocolViolation.PACKET_TOO_LARGE
                    : cause instanceof MqttPacketGuard.ProtocolError
                            ? ProtocolViolation.PROTOCOL_ERROR
                            : cause instanceof PartialPacketBudget.Exhausted
                                    ? ProtocolViolation.QUOTA_EXCEEDED
                                    : ProtocolViolation.MALFORMED;
            end(reason, reason == ProtocolViolation.QUOTA_EXCEEDED ? cause.getMessage()
                    : "malformed packet: " + cause.getMessage());
            return;
        }
        metrics.protocolViolation();
        conn.state = Connection.State.CLOSED;
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            // [MQTT-3.1.2-2] (MQTT 5 clients read 0x01 as "unsupported protocol version" too [MQTT-3.1.2-2 v5])
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
        } else if (cause instanceof MqttPacketGuard.ProtocolError) {
            conn.version = MqttVersion.MQTT_5;
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR); // [MQTT-4.13.1-1]
        } else if (cause instanceof MqttIdentifierRejectedException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED); // [MQTT-3.1.3-9]
        } else {
            ctx.close(); // malformed CONNECT [MQTT-4.8.0-1]
        }
    }

    private void refuse(MqttConnectReturnCode code) {
        metrics.connectRefused();
        conn.send(Packets.connAck(code, false));
        conn.closeAfterFlush();
    }

    /** Ends a bound connection with an MQTT 5 reason code. */
    private void end(byte reason, String why) {
        metrics.protocolViolation();
        conn.disconnect(reason, why);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == KeepAlive.CONNECT_TIMEOUT) {
            // [MQTT-3.1.4-1] no accepted CONNECT within the connect timeout, counted from accept
            log.debug("closing {}: CONNECT not done within the connect timeout", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        if (evt instanceof IdleStateEvent) {
            // [MQTT-3.1.2-24] no whole packet for 1.5 × keep alive: abnormal close, will published
            log.debug("closing {}: keep alive expired", conn);
            if (conn.sessionLoop() == null) {
                ctx.close();
            } else {
                conn.disconnect(KEEP_ALIVE_TIMEOUT, "keep alive timeout");
            }
            return;
        }
        if (evt == SHUTDOWN) {
            if (conn.sessionLoop() == null) {
                ctx.close();
            } else {
                conn.disconnect(SERVER_SHUTTING_DOWN, "server shutting down");
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && conn.sessionLoop() != null) {
            // later in this turn, not now: the event comes from inside a write or flush of a delivery
            ctx.channel().eventLoop().execute(() -> dispatcher.writable(conn));
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (conn.sessionLoop() != null) {
            conn.dropHeldPackets();
            dispatcher.connectionLost(conn);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause.getCause() != null ? cause.getCause() : cause;
        if (ctx.channel().isActive() && (cause instanceof ConnectPreamble.NotMqtt || conn.sessionLoop() != null
                && (root instanceof TooLongFrameException || cause instanceof DecoderException))) {
            decodeFailure(ctx, root);
            return;
        }
        log.debug("closing {}: {}", conn, cause.toString());
        ctx.close();
    }
}
