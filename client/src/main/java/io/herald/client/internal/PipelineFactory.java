package io.herald.client.internal;

import io.herald.client.MqttClientConfig;
import io.herald.client.ProtocolVersion;
import io.herald.client.ServerAddress;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import java.net.URI;

/**
 * Builds a connection's pipeline: [TLS] → [HTTP + WebSocket → frame adapter] → MQTT frame splitter →
 * decoder → encoder → connection handler. Stateless.
 */
final class PipelineFactory {

    static final String HANDLER = "mqttClient";

    private PipelineFactory() {}

    static void configure(ChannelPipeline p, MqttClientConfig config, ServerAddress server, SslContext ssl,
            ConnectionHandler handler) {
        if (ssl != null) {
            p.addLast("tls", ssl.newHandler(p.channel().alloc(), server.host(), server.port()));
        }
        if (server.transport().webSocket()) {
            String scheme = server.transport().secure() ? "wss" : "ws";
            String host = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
            URI uri = URI.create(scheme + "://" + host + ":" + server.port() + server.path());
            // MQTT 3.1 clients announce "mqttv3.1"; later versions "mqtt" [MQTT-6.0.0-3]
            String subprotocol = config.protocolVersion() == ProtocolVersion.MQTT_3_1 ? "mqttv3.1" : "mqtt";
            WebSocketClientProtocolConfig ws = WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(uri)
                    .subprotocol(subprotocol)
                    .maxFramePayloadLength(config.maximumPacketSize())
                    .handshakeTimeoutMillis(config.connectTimeout().isZero() ? 30_000 : config.connectTimeout().toMillis())
                    .build();
            p.addLast("http", new HttpClientCodec());
            p.addLast("httpAggregator", new HttpObjectAggregator(65_536));
            p.addLast("webSocket", new WebSocketClientProtocolHandler(ws));
            p.addLast("webSocketFrames", new WebSocketFrameCodec());
        }
        p.addLast("mqttFrame", new MqttFrameDecoder(config.maximumPacketSize()));
        p.addLast("mqttDecoder", new MqttDecoder(config.maximumPacketSize()));
        p.addLast("mqttEncoder", MqttEncoder.INSTANCE);
        p.addLast(HANDLER, handler);
    }
}
