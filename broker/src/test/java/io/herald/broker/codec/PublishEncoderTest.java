package io.herald.broker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.broker.message.Message;
import io.herald.broker.message.MessageProperties;
import io.herald.broker.message.Payload;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link PublishEncoder} does with buffers: the payload goes out as a view of the message's own
 * memory (never copied), its references come back to where they started once the channel released
 * what it wrote, and nothing is leaked when a write fails or encoding fails half way.
 */
class PublishEncoderTest {

    private static final long NOW = 1_000_000L;
    /** The smallest payload that is not copied into the header's buffer. */
    private static final int SHARED = PublishEncoder.COPY_MAX_BYTES + 1;

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everyHeaderBufferWasReleased() {
        assertThat(alloc.unreleased()).as("header buffers not released").isZero();
    }

    @Test
    void smallPayload_isCopiedIntoTheHeadersBuffer_oneBufferPerPacket() {
        for (boolean oneBuffer : new boolean[] {false, true}) {
            ByteBuf source = PooledByteBufAllocator.DEFAULT.directBuffer(16).writeBytes("temperature 21.5".getBytes());
            Payload payload = Payload.adopt(source);
            EmbeddedChannel channel = channel(oneBuffer);

            channel.writeOutbound(OutboundPublish.of(message(payload, 1), 5, false, false, NOW));

            ByteBuf packet = channel.readOutbound();
            assertThat((Object) channel.readOutbound()).isNull();
            assertThat(ByteBufUtil.hexDump(packet)).isEqualTo(
                    "32" + "17" // PUBLISH QoS 1, remaining length 23
                    + "0003" + "612f62" // topic "a/b"
                    + "0005" // packet identifier 5
                    + ByteBufUtil.hexDump("temperature 21.5".getBytes()));
            assertThat(source.refCnt()).as("no reference taken: the bytes were copied").isEqualTo(1);
            packet.release();
            payload.release();
            assertThat(channel.finish()).isFalse();
        }
    }

    @Test
    void stream_writesHeaderThenTheMessagesOwnHeapBytes() {
        byte[] bytes = new byte[SHARED];
        Message message = message(Payload.of(bytes), 1);
        EmbeddedChannel channel = channel(false);

        channel.writeOutbound(OutboundPublish.of(message, 5, false, false, NOW));

        ByteBuf header = channel.readOutbound();
        ByteBuf payload = channel.readOutbound();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(ByteBufUtil.hexDump(header)).isEqualTo(
                "32" + "8808" // PUBLISH QoS 1, remaining length 1,032
                + "0003" + "612f62" // topic "a/b"
                + "0005"); // packet identifier 5
        assertThat(payload.hasArray()).isTrue();
        assertThat(payload.array()).as("the message's own array, not a copy").isSameAs(bytes);
        assertThat(payload.arrayOffset() + payload.readerIndex()).isZero();
        assertThat(payload.readableBytes()).isEqualTo(bytes.length);
        header.release();
        payload.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void pooledPayload_isSharedByEverySubscriber_andItsReferencesComeBack() {
        ByteBuf source = PooledByteBufAllocator.DEFAULT.directBuffer(4096).writeBytes(new byte[4096]);
        Payload payload = Payload.adopt(source);
        Message message = message(payload, 1);
        List<ByteBuf> written = new ArrayList<>();
        for (int subscriber = 0; subscriber < 3; subscriber++) {
            EmbeddedChannel channel = channel(false);
            channel.writeOutbound(OutboundPublish.of(message, subscriber + 1, false, true, NOW));
            ByteBuf header = channel.readOutbound();
            header.release();
            written.add(channel.readOutbound());
            assertThat(channel.finish()).isFalse();
        }
        assertThat(source.refCnt()).as("one reference per write and the message's own").isEqualTo(1 + 3);
        assertThat(payload.refCnt()).isEqualTo(1);

        source.setByte(0, 'Z'); // the message's memory, changed after the writes
        for (ByteBuf out : written) {
            assertThat(out.getByte(out.readerIndex())).as("a view of the same memory").isEqualTo((byte) 'Z');
            assertThat(out.readableBytes()).isEqualTo(4096);
            out.release(); // as the socket does once written
        }
        assertThat(source.refCnt()).isEqualTo(1);
        assertThat(payload.refCnt()).isEqualTo(1);
        payload.release();
        assertThat(source.refCnt()).isZero();
    }

    @Test
    void oneBuffer_writesOneCompositeOverHeaderAndTheMessagesBytes() {
        ByteBuf source = PooledByteBufAllocator.DEFAULT.directBuffer(SHARED).writeBytes(new byte[SHARED]);
        Payload payload = Payload.adopt(source);
        EmbeddedChannel channel = channel(true);

        channel.writeOutbound(OutboundPublish.of(message(payload, 0), 0, false, false, NOW));

        ByteBuf packet = channel.readOutbound();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(packet).isInstanceOf(CompositeByteBuf.class);
        assertThat(((CompositeByteBuf) packet).numComponents()).isEqualTo(2);
        assertThat(ByteBufUtil.hexDump(packet, 0, 8)).isEqualTo(
                "30" + "8608" // PUBLISH QoS 0, remaining length 1,030
                + "0003" + "612f62"); // topic "a/b", then the payload
        source.setByte(0, 'Z');
        assertThat(packet.getByte(8)).as("a view of the message's memory").isEqualTo((byte) 'Z');
        assertThat(packet.readableBytes()).isEqualTo(8 + SHARED);
        packet.release();
        assertThat(source.refCnt()).isEqualTo(1);
        payload.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void emptyPayload_isTheHeaderAlone() {
        for (boolean oneBuffer : new boolean[] {false, true}) {
            EmbeddedChannel channel = channel(oneBuffer);
            channel.writeOutbound(OutboundPublish.of(message(Payload.EMPTY, 0), 0, false, false, NOW));
            ByteBuf packet = channel.readOutbound();
            assertThat(ByteBufUtil.hexDump(packet)).isEqualTo("3005" + "0003612f62");
            assertThat((Object) channel.readOutbound()).isNull();
            packet.release();
            assertThat(channel.finish()).isFalse();
        }
    }

    @Test
    void realPromise_completesOnceBothWritesDid() {
        EmbeddedChannel channel = channel(false);
        ChannelPromise promise = channel.newPromise();

        channel.writeAndFlush(OutboundPublish.of(message(Payload.of(new byte[SHARED]), 1), 1, false, false, NOW),
                promise);

        assertThat(promise.isSuccess()).isTrue();
        assertThat(channel.outboundMessages()).hasSize(2);
        assertThat(channel.finishAndReleaseAll()).isTrue();
    }

    @Test
    void failedWrites_failThePromise_andReleaseHeaderAndPayload() {
        for (int size : new int[] {100, SHARED}) {
            for (boolean oneBuffer : new boolean[] {false, true}) {
                failedWrite_failsThePromise_andReleasesHeaderAndPayload(size, oneBuffer);
            }
        }
    }

    private void failedWrite_failsThePromise_andReleasesHeaderAndPayload(int size, boolean oneBuffer) {
        ByteBuf source = PooledByteBufAllocator.DEFAULT.directBuffer(size).writeBytes(new byte[size]);
        Payload payload = Payload.adopt(source);
        EmbeddedChannel channel = channel(oneBuffer);
        channel.pipeline().addFirst(new BrokenTransport());
        ChannelPromise promise = channel.newPromise();

        channel.writeAndFlush(OutboundPublish.of(message(payload, 1), 1, false, false, NOW), promise);

        assertThat(promise.cause()).isInstanceOf(IOException.class);
        assertThat(source.refCnt()).as("only the message's reference is left").isEqualTo(1);
        assertThat(alloc.unreleased()).isZero();
        payload.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void failedWrites_withTheVoidPromise_reachTheExceptionHandler_andReleaseEverything() {
        ByteBuf source = PooledByteBufAllocator.DEFAULT.directBuffer(SHARED).writeBytes(new byte[SHARED]);
        Payload payload = Payload.adopt(source);
        EmbeddedChannel channel = channel(false);
        channel.pipeline().addFirst(new BrokenTransport());

        channel.write(OutboundPublish.of(message(payload, 1), 1, false, false, NOW), channel.voidPromise());

        assertThatThrownBy(channel::checkException).isInstanceOf(IOException.class);
        assertThat(source.refCnt()).isEqualTo(1);
        payload.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void releasedPayload_failsTheWrite_withoutAllocatingAHeader() {
        ByteBuf source = PooledByteBufAllocator.DEFAULT.directBuffer(SHARED).writeBytes(new byte[SHARED]);
        Payload payload = Payload.adopt(source);
        payload.release();
        EmbeddedChannel channel = channel(false);
        ChannelPromise promise = channel.newPromise();

        channel.writeAndFlush(OutboundPublish.of(message(payload, 1), 1, false, false, NOW), promise);

        assertThat(promise.cause()).isInstanceOf(IllegalReferenceCountException.class);
        assertThat(alloc.allocated()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void releasedSmallPayload_failsTheWrite_andReleasesTheBufferItWasToBeCopiedInto() {
        ByteBuf source = PooledByteBufAllocator.DEFAULT.directBuffer(10).writeBytes(new byte[10]);
        Payload payload = Payload.adopt(source);
        payload.release();
        EmbeddedChannel channel = channel(false);
        ChannelPromise promise = channel.newPromise();

        channel.writeAndFlush(OutboundPublish.of(message(payload, 1), 1, false, false, NOW), promise);

        assertThat(promise.cause()).isInstanceOf(IllegalReferenceCountException.class);
        assertThat(alloc.allocated()).isEqualTo(1); // released: checked after each test
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void allocationFailure_releasesThePayloadReference() {
        ByteBuf source = PooledByteBufAllocator.DEFAULT.directBuffer(SHARED).writeBytes(new byte[SHARED]);
        Payload payload = Payload.adopt(source);
        EmbeddedChannel channel = channel(false);
        alloc.failing = true;
        ChannelPromise promise = channel.newPromise();

        channel.writeAndFlush(OutboundPublish.of(message(payload, 1), 1, false, false, NOW), promise);

        assertThat(promise.cause()).hasMessage("no memory");
        assertThat(source.refCnt()).isEqualTo(1);
        payload.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void otherPackets_stillGoToNettysEncoder() {
        EmbeddedChannel channel = channel(false);
        channel.writeOutbound(Packets.pingResp());
        ByteBuf out = channel.readOutbound();
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("d000");
        out.release();
        assertThat(channel.finish()).isFalse();
    }

    private EmbeddedChannel channel(boolean oneBuffer) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new MqttPacketGuard(oneBuffer).after());
        return channel;
    }

    private static Message message(Payload payload, int qos) {
        return new Message("a/b", payload, qos, false, "pub", NOW, Message.NEVER, MessageProperties.NONE);
    }

    /** A transport whose writes fail, as a broken socket's do: it releases what it was given. */
    private static final class BrokenTransport extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IOException("connection reset"));
        }
    }

    /** Heap buffers, each remembered so that a test can tell whether all were released. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> buffers = new ArrayList<>();
        boolean failing;

        TrackingAllocator() {
            super(false);
        }

        int allocated() {
            return buffers.size();
        }

        long unreleased() {
            return buffers.stream().filter(b -> b.refCnt() > 0).count();
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            if (failing) {
                throw new OutOfMemoryError("no memory");
            }
            ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
            buffers.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}
