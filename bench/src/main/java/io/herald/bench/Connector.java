package io.herald.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import javax.net.ssl.SSLException;

/**
 * Opens the load's connections over tcp, tls or ws, from several local addresses when asked, on one
 * shared event-loop group (native epoll when it loads). TLS does not check the broker's certificate:
 * a benchmark measures, it does not authenticate.
 *
 * <p>Threads: {@link #connect} from the run's thread; the group's loops serve the connections.
 * {@link #close} once, at the end.
 */
final class Connector implements AutoCloseable {

    private final BenchOptions options;
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelClass;
    private final SslContext ssl;
    private int connections;

    Connector(BenchOptions options, int threads) throws SSLException {
        this.options = options;
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.ssl = "tls".equals(options.transport())
                ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build()
                : null;
    }

    /** Opens a connection for {@code client}; its {@link LoadClient#ready} completes after CONNACK (and SUBACK). */
    ChannelFuture connect(LoadClient client) {
        Bootstrap b = new Bootstrap().group(group).channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        pipeline(ch.pipeline(), client);
                    }
                });
        InetSocketAddress remote = new InetSocketAddress(options.host(), options.port());
        int n = connections++;
        if (options.sourceAddresses() > 0) {
            InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + n % options.sourceAddresses()), 0);
            return b.connect(remote, local);
        }
        return b.connect(remote);
    }

    private void pipeline(ChannelPipeline p, LoadClient client) {
        if (ssl != null) {
            p.addLast("tls", ssl.newHandler(p.channel().alloc(), options.host(), options.port()));
        }
        if ("ws".equals(options.transport())) {
            URI uri = URI.create("ws://" + options.host() + ":" + options.port() + options.wsPath());
            p.addLast("http", new HttpClientCodec());
            p.addLast("httpAggregator", new HttpObjectAggregator(8192));
            p.addLast("webSocket", new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                    uri, WebSocketVersion.V13, "mqtt", false, new DefaultHttpHeaders(), 1 << 24)));
            p.addLast("wsBytes", new WebSocketBytes());
        }
        p.addLast("mqttDecoder", new MqttDecoder(1 << 24));
        p.addLast("mqttEncoder", MqttEncoder.INSTANCE);
        p.addLast("client", client);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** MQTT over WebSocket: binary frames in, the MQTT byte stream out as binary frames. One per connection. */
    private static final class WebSocketBytes extends ChannelDuplexHandler {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
                ctx.fireChannelRead(((WebSocketFrame) msg).content());
            } else if (msg instanceof WebSocketFrame) {
                ReferenceCountUtil.release(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg instanceof ByteBuf buf ? new BinaryWebSocketFrame(buf) : msg, promise);
        }
    }
}
