package io.herald.broker.listener;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Refuses an HTTP request that cannot become a WebSocket connection before Netty's handshake would
 * answer 101: headers too large (431 [RFC 6585 5]; Netty's HTTP decoder stops reading them and would
 * hand on a truncated request), a request line too long (414), any other undecodable request (400), and
 * an upgrade to {@code websocket} over HTTP/1.0 or whose {@code Sec-WebSocket-Key} is not 16 bytes in
 * base64 (400 [RFC 6455 4.2.1]). Each refusal closes the connection.
 *
 * <p>Threads: one instance per connection, on its event loop; no state.
 */
final class WebSocketUpgradeCheck extends ChannelInboundHandlerAdapter {

    static final String HANDLER_NAME = "wsUpgradeCheck";

    private static final int KEY_BYTES = 16;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String refusal = refusal(request);
        if (refusal == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpResponseStatus status = status(request.decoderResult());
        ReferenceCountUtil.release(request);
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                ctx.alloc().buffer().writeBytes((refusal + "\n").getBytes(StandardCharsets.US_ASCII)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=us-ascii");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Why {@code request} is refused, or null when it may go on. */
    private static String refusal(FullHttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            return "bad request: " + result.cause().getMessage();
        }
        if (!HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            return null;
        }
        if (!request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            return "a WebSocket upgrade needs HTTP/1.1";
        }
        if (!isKey(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            return "Sec-WebSocket-Key must be 16 bytes in base64";
        }
        return null;
    }

    private static boolean isKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static HttpResponseStatus status(DecoderResult result) {
        if (result.cause() instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (result.cause() instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }
}
