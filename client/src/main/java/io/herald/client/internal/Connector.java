package io.herald.client.internal;

import io.herald.client.ErrnoConnect;
import io.herald.client.MqttClientConfig;
import io.herald.client.TlsConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Opens a connection to the configured server on the client's event loop and gives it the pipeline
 * for its transport; TLS settings are read anew for each attempt.
 *
 * <p>Threads: called on the client's event loop; holds no mutable state.
 */
final class Connector {

    private final MqttClientConfig config;
    private final EventLoop loop;
    private final Supplier<TlsConfig> tls;

    Connector(MqttClientConfig config, EventLoop loop, Supplier<TlsConfig> tls) {
        this.config = config;
        this.loop = loop;
        this.tls = tls;
    }

    void open(ConnectionHandler handler) {
        SslContext ssl = null;
        if (config.server().transport().secure()) {
            try {
                ssl = TlsContextFactory.create(tls.get());
            } catch (TlsContextFactory.TlsSetupException e) {
                handler.abort(new Failure(ErrnoConnect.TLS_ERROR, -1, e.getMessage(), e, false));
                return;
            }
        }
        SslContext sslContext = ssl;
        int connectTimeout = config.connectTimeout().isZero() ? 30_000
                : (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        PipelineFactory.configure(ch.pipeline(), config, config.server(), sslContext, handler);
                    }
                });
        b.connect(InetSocketAddress.createUnresolved(config.server().host(), config.server().port()))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        handler.connectFailed(f.cause());
                    }
                });
    }
}
