package io.herald.broker.listener;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.handler.MqttPipeline;
import io.herald.broker.log.RateLimitedLog;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Builds a new connection's pipeline for its listener's kind: [TLS → handshake watch] →
 * [HTTP → upgrade check → frame violations → WebSocket handshake and frames → frame adapter] → the MQTT
 * pipeline. Named handlers, one per
 * concern.
 *
 * <p>Threads: immutable and shared by the listener's connections; {@link #initChannel} runs on each
 * connection's event loop.
 */
final class ListenerInitializer extends ChannelInitializer<Channel> {

    /** WebSocket subprotocols a client may ask for; the handshake echoes the one chosen. */
    static final String SUBPROTOCOLS = "mqtt,mqttv3.1";

    /** The HTTP upgrade request has no body; headers stay small. */
    private static final int MAX_UPGRADE_REQUEST = 8192;

    private final ListenerSpec spec;
    private final MqttPipeline mqtt;
    private final TlsContexts tls;
    private final Duration tlsHandshakeTimeout;
    private final WebSocketServerProtocolConfig webSocket;
    private final String webSocketPath;
    private final BrokerMetrics metrics;
    private final RateLimitedLog tlsWarnings;
    private final RateLimitedLog tlsInfos;

    /**
     * @param tls required for TLS and WSS listeners, else ignored
     * @param maxFramePayload largest WebSocket frame payload accepted
     * @param upgradeTimeout how long the WebSocket upgrade may take
     */
    ListenerInitializer(ListenerSpec spec, MqttPipeline mqtt, TlsContexts tls, Duration tlsHandshakeTimeout,
            String webSocketPath, int maxFramePayload, Duration upgradeTimeout, BrokerMetrics metrics, Clock clock) {
        if (spec.kind().tls() && tls == null) {
            throw new IllegalArgumentException("listener " + spec.name() + " needs TLS settings");
        }
        this.spec = spec;
        this.mqtt = mqtt;
        this.tls = tls;
        this.tlsHandshakeTimeout = tlsHandshakeTimeout;
        this.webSocketPath = webSocketPath;
        this.metrics = metrics;
        Logger tlsLog = LoggerFactory.getLogger(TlsHandshake.class);
        this.tlsWarnings = new RateLimitedLog(tlsLog, Level.WARN, Duration.ofMinutes(1), clock);
        this.tlsInfos = new RateLimitedLog(tlsLog, Level.INFO, Duration.ofMinutes(1), clock);
        this.webSocket = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(webSocketPath)
                .subprotocols(SUBPROTOCOLS)
                .checkStartsWith(false)
                .handshakeTimeoutMillis(upgradeTimeout.toMillis())
                .dropPongFrames(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(maxFramePayload)
                        .allowExtensions(false)
                        .closeOnProtocolViolation(false) // WebSocketViolations sends the one close frame
                        .build())
                .build();
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (spec.kind().tls()) {
            SslHandler ssl = tls.current().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(tlsHandshakeTimeout.toMillis());
            p.addLast("tls", ssl);
            p.addLast(TlsHandshake.HANDLER_NAME, new TlsHandshake(spec.name(), metrics, tlsWarnings, tlsInfos));
        }
        if (spec.kind().webSocket()) {
            p.addLast("http", new HttpServerCodec());
            p.addLast("httpAggregator", new HttpObjectAggregator(MAX_UPGRADE_REQUEST));
            p.addLast(WebSocketUpgradeCheck.HANDLER_NAME, new WebSocketUpgradeCheck());
            p.addLast(WebSocketViolations.HANDLER_NAME, new WebSocketViolations());
            p.addLast("webSocket", new WebSocketServerProtocolHandler(webSocket));
            p.addLast(WebSocketFrames.HANDLER_NAME, new WebSocketFrames(webSocketPath));
        }
        mqtt.configure(p, spec.kind().name().toLowerCase(java.util.Locale.ROOT));
    }
}
