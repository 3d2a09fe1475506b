package io.herald.broker.handler;

import io.herald.broker.BrokerCore;
import io.herald.broker.auth.ClientCertificate;
import io.herald.broker.codec.ConnectPreamble;
import io.herald.broker.codec.MqttFrameDecoder;
import io.herald.broker.codec.MqttPacketGuard;
import io.herald.broker.codec.PartialPacketBudget;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Adds the MQTT part of a connection's pipeline behind whatever transport handlers a listener put
 * first (TLS, WebSocket): connect deadline → first-bytes check (until the protocol name) → frame splitter → [keep-alive watch, from CONNACK] → packet
 * guard → decoder → packet guard and encoder → connection handler.
 *
 * <p>Threads: thread-safe; one instance serves every listener.
 */
public final class MqttPipeline {

    /**
     * The verified client certificate of a mutual-TLS connection: a TLS listener sets it when the
     * handshake succeeds, before the first MQTT byte; CONNECT hands it to the authenticator.
     */
    public static final AttributeKey<ClientCertificate> CLIENT_CERTIFICATE =
            AttributeKey.valueOf("herald.clientCertificate");

    /** MQTT 3.1.1 and 5 allow long client ids; 3.1's 23-byte limit is lifted as most brokers do. */
    private static final int MAX_CLIENT_ID_LENGTH = 65_535;

    private static final String FRAME_HANDLER = "mqttFrame";

    private final BrokerCore core;
    private final KeepAlive keepAlive;
    private final ConnectionRights rights;
    private final PacketDispatcher dispatcher;
    private final PartialPacketBudget partialPackets;
    /** Counts a connection closed; one listener shared by every channel. */
    private final ChannelFutureListener countClose;
    private final ChannelGroup channels = new DefaultChannelGroup("mqtt", GlobalEventExecutor.INSTANCE);

    public MqttPipeline(BrokerCore core) {
        this.core = core;
        this.keepAlive = new KeepAlive(core.config().connectTimeout(), FRAME_HANDLER);
        this.rights = new ConnectionRights(new CredentialExpiry(core.clock(), core.metrics()), core.recheck(),
                core.clock());
        this.dispatcher = new PacketDispatcher(core, keepAlive, rights);
        this.countClose = closed -> core.metrics().connectionClosed();
        this.partialPackets = PartialPacketBudget.forMaxPacketSize(core.config().maxPacketSize());
        core.metrics().partialPacketBytes(partialPackets::used);
    }

    /**
     * Adds the MQTT handlers to a new connection's pipeline.
     *
     * @param transport the listener kind, as session events and session reads name it: {@code tcp},
     *     {@code tls}, {@code ws} or {@code wss}
     */
    public void configure(ChannelPipeline pipeline, String transport) {
        int maxPacketSize = core.config().maxPacketSize();
        pipeline.addLast(KeepAlive.CONNECT_DEADLINE, keepAlive.awaitConnect());
        pipeline.addLast(ConnectPreamble.HANDLER_NAME, new ConnectPreamble());
        pipeline.addLast(FRAME_HANDLER, new MqttFrameDecoder(maxPacketSize, partialPackets));
        // a WebSocket frames every buffer written: a PUBLISH must be one buffer to stay one frame
        MqttPacketGuard guard = new MqttPacketGuard(transport.equals("ws") || transport.equals("wss"));
        pipeline.addLast("mqttGuard", guard.before());
        pipeline.addLast("mqttDecoder", new MqttDecoder(maxPacketSize, MAX_CLIENT_ID_LENGTH));
        pipeline.addLast("mqttGuarded", guard.after()); // also the encoder
        pipeline.addLast("mqtt", new MqttConnectionHandler(dispatcher, core.registry(), core.metrics(), countClose,
                core.clock(),
                core.config().topicAliasMaximum(), rights, transport));
        channels.add(pipeline.channel());
    }

    /**
     * Tells every open connection that the server is shutting down (MQTT 5 clients get DISCONNECT
     * 0x8B) and waits up to {@code waitMillis} for them to close.
     */
    public void shutdownConnections(long waitMillis) {
        for (Channel ch : channels) {
            ch.pipeline().fireUserEventTriggered(MqttConnectionHandler.SHUTDOWN);
        }
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        for (Channel ch : channels) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !ch.closeFuture().awaitUninterruptibly(left / 1_000_000)) {
                break;
            }
        }
        channels.close().awaitUninterruptibly(waitMillis);
    }
}
