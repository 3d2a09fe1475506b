package io.herald.broker.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    @Test
    void heapPayload_ignoresReferenceCounting() {
        Payload p = Payload.of(bytes("hi"));
        p.retain();
        p.release();
        p.release();
        p.release();
        assertThat(p.refCnt()).isEqualTo(1);
        assertThat(p.bytes()).isEqualTo(bytes("hi"));
        assertThat(p.onHeap()).isSameAs(p);
    }

    @Test
    void pooledPayload_givesItsBufferBackWhenTheLastHolderReleases_andFailsLoudlyAfterwards() {
        ByteBuf buf = alloc.directBuffer(16).writeBytes(bytes("hello"));
        Payload p = Payload.adopt(buf);
        p.retain();
        assertThat(p.refCnt()).isEqualTo(2);
        p.release();
        assertThat(buf.refCnt()).isEqualTo(1);
        p.release();
        assertThat(buf.refCnt()).isZero();
        assertThat(p.refCnt()).isZero();
        assertThatThrownBy(p::bytes).isInstanceOf(IllegalReferenceCountException.class);
        assertThatThrownBy(p::retainedBuffer).isInstanceOf(IllegalReferenceCountException.class);
        assertThatThrownBy(p::retain).isInstanceOf(IllegalReferenceCountException.class);
        assertThatThrownBy(p::release).isInstanceOf(IllegalReferenceCountException.class);
        assertThat(p.refCnt()).isZero();
    }

    @Test
    void retainedBuffer_sharesTheBytes_andKeepsThemUntilTheWriteReleasedIt() {
        ByteBuf buf = alloc.directBuffer(16).writeBytes(bytes("hello"));
        Payload p = Payload.adopt(buf);
        ByteBuf forWrite = p.retainedBuffer();
        assertThat(forWrite.memoryAddress()).isEqualTo(buf.memoryAddress());
        p.release(); // the message is done; the write is still out
        assertThat(forWrite.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
        forWrite.release(); // the channel wrote it
        assertThat(buf.refCnt()).isZero();
    }

    @Test
    void inbound_largeAgainstItsNetworkBuffer_isKeptAsItArrived() {
        ByteBuf network = alloc.directBuffer(1024, 1024).writeZero(1024);
        ByteBuf slice = network.retainedSlice(100, 900);
        network.release();
        Payload p = Payload.fromInbound(slice, alloc);
        ByteBuf view = p.retainedBuffer();
        assertThat(view.memoryAddress()).isEqualTo(network.memoryAddress() + 100);
        view.release();
        p.release();
        assertThat(network.refCnt()).isZero();
    }

    @Test
    void inbound_smallAgainstItsNetworkBuffer_isCopiedOut_soItDoesNotPinTheNetworkBuffer() {
        ByteBuf network = alloc.directBuffer(4096, 4096).writeZero(1000).writeBytes(bytes("tiny"));
        ByteBuf slice = network.retainedSlice(1000, 4);
        network.release();
        Payload p = Payload.fromInbound(slice, alloc);
        assertThat(network.refCnt()).as("the network buffer went back to its pool").isZero();
        assertThat(p.bytes()).isEqualTo(bytes("tiny"));
        assertThat(p.refCnt()).isEqualTo(1);
        p.release();
    }

    @Test
    void inbound_empty_isTheSharedEmptyPayload() {
        ByteBuf network = alloc.directBuffer(64).writeZero(10);
        Payload p = Payload.fromInbound(network.retainedSlice(10, 0), alloc);
        network.release();
        assertThat(p).isSameAs(Payload.EMPTY);
        assertThat(network.refCnt()).isZero();
    }

    @Test
    void onHeap_copiesAPooledPayload_whichStaysTheCallersToRelease() {
        Payload pooled = Payload.adopt(alloc.directBuffer(8).writeBytes(bytes("abc")));
        Payload heap = pooled.onHeap();
        pooled.release();
        assertThat(heap.bytes()).isEqualTo(bytes("abc"));
        assertThat(heap).isEqualTo(Payload.of(bytes("abc")));
    }

    @Test
    void isUtf8_rejectsMalformedSequences() {
        assertThat(Payload.of("grüße".getBytes(StandardCharsets.UTF_8)).isUtf8()).isTrue();
        assertThat(Payload.of(new byte[] {(byte) 0xC3, 0x28}).isUtf8()).isFalse();
        Payload pooled = Payload.adopt(alloc.directBuffer(4).writeBytes(new byte[] {(byte) 0xFF}));
        assertThat(pooled.isUtf8()).isFalse();
        pooled.release();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
