package io.herald.broker.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.MqttPackets;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.awaitility.Awaitility;

/**
 * The JDK's WebSocket client speaking raw MQTT bytes: sends whole or partial binary messages and reads
 * the broker's packets back out of the byte stream, whatever the frame boundaries. Threads: the JDK
 * calls the listener on its own threads; the test thread reads under this object's lock.
 */
final class WsTestClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final WebSocket socket;
    private final ByteArrayOutputStream received; // guarded by this
    /** Every whole binary message received, in order; guarded by {@link #received}. */
    private final List<byte[]> messages;
    private final CompletableFuture<Integer> closed;

    private WsTestClient(WebSocket socket, ByteArrayOutputStream received, List<byte[]> messages,
            CompletableFuture<Integer> closed) {
        this.socket = socket;
        this.received = received;
        this.messages = messages;
        this.closed = closed;
    }

    /** Opens {@code uri} asking for {@code subprotocols}; {@code tls} is null for ws://. */
    static WsTestClient open(URI uri, SSLContext tls, String... subprotocols) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream message = new ByteArrayOutputStream(); // the JDK's thread only
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(WAIT);
        if (tls != null) {
            http.sslContext(tls);
        }
        WebSocket.Builder builder = http.build().newWebSocketBuilder();
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        WebSocket ws = builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                message.writeBytes(bytes);
                synchronized (received) {
                    received.writeBytes(bytes);
                    if (last) {
                        messages.add(message.toByteArray());
                        message.reset();
                    }
                    received.notifyAll();
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new WsTestClient(ws, received, messages, closed);
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends {@code bytes} as one binary message. */
    WsTestClient send(byte[]... packets) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(MqttPackets.concat(packets)), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Sends {@code bytes} as one binary message in fragments: a binary frame then continuation frames. */
    WsTestClient sendFragmented(byte[] bytes, int fragments) throws Exception {
        int size = (bytes.length + fragments - 1) / fragments;
        for (int from = 0; from < bytes.length; from += size) {
            int to = Math.min(bytes.length, from + size);
            socket.sendBinary(ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, to)), to == bytes.length)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        return this;
    }

    WsTestClient sendText(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Waits for the next MQTT packet in the stream and checks it is {@code expected}. */
    WsTestClient expectPacket(byte[] expected) throws InterruptedException {
        assertThat(MqttPackets.toHex(nextPacket())).isEqualTo(MqttPackets.toHex(expected));
        return this;
    }

    /** The whole binary messages (one per frame unless fragmented) received so far, in order. */
    List<byte[]> messages() {
        synchronized (received) {
            return List.copyOf(messages);
        }
    }

    /** Waits until the broker closes the WebSocket; its close code, or -1 when the connection just ended. */
    int awaitClosed(Duration timeout) {
        Awaitility.await().atMost(timeout).until(closed::isDone);
        return closed.join();
    }

    private byte[] nextPacket() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (received) {
            while (true) {
                byte[] packet = firstPacket(received.toByteArray());
                if (packet != null) {
                    byte[] all = received.toByteArray();
                    received.reset();
                    received.write(all, packet.length, all.length - packet.length);
                    return packet;
                }
                long left = deadline - System.nanoTime();
                assertThat(left).as("an MQTT packet within " + WAIT).isPositive();
                received.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The first whole packet in {@code bytes}, or null while it is incomplete. */
    private static byte[] firstPacket(byte[] bytes) {
        if (bytes.length < 2) {
            return null;
        }
        int remaining = 0;
        int multiplier = 1;
        int i = 1;
        while (true) {
            if (i >= bytes.length) {
                return null;
            }
            int b = bytes[i++] & 0xFF;
            remaining += (b & 0x7F) * multiplier;
            multiplier *= 128;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return i + remaining <= bytes.length ? Arrays.copyOf(bytes, i + remaining) : null;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
