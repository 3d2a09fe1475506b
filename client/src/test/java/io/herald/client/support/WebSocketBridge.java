package io.herald.client.support;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * A WebSocket server on 127.0.0.1 (path {@code /mqtt}, subprotocols {@code mqtt} and
 * {@code mqttv3.1}, optionally over TLS) that relays the binary frames' bytes to a broker's plain MQTT
 * port. Mosquitto's own WebSocket listener ignores its bind address and listens on every interface,
 * so the tests reach brokers over WebSocket through this bridge.
 *
 * <p>Threads: its own event loop group; stateless per connection apart from the relay channel.
 */
public final class WebSocketBridge implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    private WebSocketBridge(int target, SslContext ssl) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536),
                                new WebSocketServerProtocolHandler("/mqtt", "mqtt,mqttv3.1", false, 1 << 20),
                                new Relay(target));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    /** A bridge to {@code targetPort}; TLS when {@code ssl} is not null. */
    public static WebSocketBridge to(int targetPort, SslContext ssl) {
        return new WebSocketBridge(targetPort, ssl);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final int target;
        private Channel backend;

        Relay(int target) {
            this.target = target;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                Channel front = ctx.channel();
                front.config().setAutoRead(false);
                new Bootstrap().group(front.eventLoop()).channel(NioSocketChannel.class)
                        .handler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext c, Object msg) {
                                front.writeAndFlush(new BinaryWebSocketFrame((ByteBuf) msg));
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext c) {
                                front.close();
                            }
                        })
                        .connect(new InetSocketAddress("127.0.0.1", target)).addListener(f -> {
                            if (f.isSuccess()) {
                                backend = ((io.netty.channel.ChannelFuture) f).channel();
                                front.config().setAutoRead(true);
                            } else {
                                front.close();
                            }
                        });
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.handler.codec.http.FullHttpRequest) {
                // not an upgrade on /mqtt: answer as a web server would
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultFullHttpResponse(
                        io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                        io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND))
                        .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                return;
            }
            if ((msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) && backend != null) {
                backend.writeAndFlush(((io.netty.handler.codec.http.websocketx.WebSocketFrame) msg).content());
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (backend != null) {
                backend.close();
            }
        }
    }
}
