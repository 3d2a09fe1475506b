package io.herald.broker.listener;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.codec.MqttPacketGuard;
import io.herald.broker.codec.OutboundPublish;
import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.message.Payload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrames("/mqtt"));

    @Test
    void binaryAndContinuationFrames_becomeOneByteStream() {
        channel.writeInbound(new BinaryWebSocketFrame(false, 0, bytes(0x10, 0x0C)));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, bytes(0x00, 0x04)));

        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        assertThat(hex(first) + hex(second)).isEqualTo("100c0004");
        first.release();
        second.release();
    }

    @Test
    void outboundBytes_leaveAsBinaryFrames() {
        channel.writeOutbound(bytes(0x20, 0x02, 0x00, 0x00));

        BinaryWebSocketFrame frame = channel.readOutbound();
        assertThat(hex(frame.content())).isEqualTo("20020000");
        frame.release();
    }

    @Test
    void publish_leavesAsOneBinaryFrame_withTheGuardOfAWebSocketConnection() {
        byte[] bytes = new byte[2_000];
        Message message = new Message("a/b", Payload.of(bytes), 1, false, "pub", 0L, Message.NEVER,
                MessageProperties.NONE);
        EmbeddedChannel ws = new EmbeddedChannel(new WebSocketFrames("/mqtt"), new MqttPacketGuard(true).after());

        ws.writeOutbound(OutboundPublish.of(message, 7, false, false, 0L));

        BinaryWebSocketFrame frame = ws.readOutbound();
        assertThat((Object) ws.readOutbound()).as("one frame for the whole packet").isNull();
        assertThat(ByteBufUtil.hexDump(frame.content(), 0, 10)).isEqualTo(
                "32" + "d70f" // PUBLISH QoS 1, remaining length 2007
                + "0003612f62" // topic "a/b"
                + "0007"); // packet identifier 7
        assertThat(frame.content().readableBytes()).isEqualTo(10 + bytes.length);
        frame.release();
        assertThat(ws.finish()).isFalse();
    }

    @Test
    void publish_wouldLeaveAsTwoFrames_withTheGuardOfAByteStream() {
        Message message = new Message("a/b", Payload.of(new byte[2_000]), 0, false, "pub", 0L, Message.NEVER,
                MessageProperties.NONE);
        EmbeddedChannel ws = new EmbeddedChannel(new WebSocketFrames("/mqtt"), new MqttPacketGuard().after());

        ws.writeOutbound(OutboundPublish.of(message, 0, false, false, 0L));

        assertThat(ws.outboundMessages()).hasSize(2); // why MqttPipeline gives WebSocket connections their own
        assertThat(ws.finishAndReleaseAll()).isTrue();
    }

    @Test
    void textFrame_isAnsweredWithClose1003_andCloses() {
        channel.writeInbound(new TextWebSocketFrame("CONNECT"));

        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1003);
        close.release();
        assertThat(channel.isOpen()).isFalse();
        Object passedOn = channel.readInbound();
        assertThat(passedOn).isNull();
    }

    @Test
    void plainHttpRequest_isNotFound() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/other"));

        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(response.content().toString(US_ASCII)).contains("/mqtt");
        response.release();
        assertThat(channel.isOpen()).isFalse();
    }

    private static ByteBuf bytes(int... values) {
        ByteBuf b = Unpooled.buffer(values.length);
        for (int v : values) {
            b.writeByte(v);
        }
        return b;
    }

    private static String hex(ByteBuf b) {
        return io.netty.buffer.ByteBufUtil.hexDump(b);
    }
}
