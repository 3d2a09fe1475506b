package io.herald.broker.listener;

import static io.herald.broker.spec.SpecClients.clientId;
import static io.herald.testkit.MqttPackets.MQTT_3_1_1;
import static io.herald.testkit.MqttPackets.connect;
import static io.herald.testkit.MqttPackets.pingreq;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.testkit.EmbeddedHerald;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WebSocket upgrade seen on the wire, with a raw socket (Java's WebSocket client hides what is
 * tested here): a request that is not a valid upgrade is refused with an HTTP status before any 101
 * [RFC 6455 4.2.1] [RFC 6585 5], and a connection the broker ends gets exactly one close frame
 * [RFC 6455 5.5.1].
 */
@Timeout(30)
class WebSocketUpgradeIT {

    private static final int MAX_PACKET = 4096;
    private static final String GOOD_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @RegisterExtension
    static final EmbeddedHerald herald = EmbeddedHerald.create(c -> c
            .maxPacketSize(MAX_PACKET)
            .listener(new ListenerSpec("ws", Kind.WS, null, 0)));

    @ParameterizedTest(name = "key {0}")
    @ValueSource(strings = {"not base64!", "c2hvcnQ=", "dGhlIHNhbXBsZSBub25jZSB0b28gbG9uZw=="})
    void malformedWebSocketKey_badRequestNotUpgraded(String key) throws IOException {
        assertThat(statusOf(upgrade("HTTP/1.1", key, ""))).isEqualTo(400);
    }

    @Test
    void http10Upgrade_badRequestNotUpgraded() throws IOException {
        assertThat(statusOf(upgrade("HTTP/1.0", GOOD_KEY, ""))).isEqualTo(400);
    }

    @Test
    void oversizedHeaders_431NotUpgraded() throws IOException {
        String big = "X-Filler: " + "a".repeat(16 * 1024) + "\r\n";
        assertThat(statusOf(upgrade("HTTP/1.1", GOOD_KEY, big))).isEqualTo(431);
    }

    @Test
    void validUpgrade_switchesProtocols() throws IOException {
        try (Socket s = socket()) {
            s.getOutputStream().write(upgrade("HTTP/1.1", GOOD_KEY, ""));
            assertThat(readStatus(s.getInputStream())).isEqualTo(101);
        }
    }

    @Test
    void frameTooBig_oneCloseFrame1009() throws IOException {
        byte[] pings = new byte[MAX_PACKET + 2];
        for (int i = 0; i < pings.length; i += 2) {
            System.arraycopy(pingreq(), 0, pings, i, 2);
        }
        assertThat(closeFramesAfter(pings)).containsExactly(1009);
    }

    @Test
    void textFrame_oneCloseFrame1003() throws IOException {
        try (Socket s = upgraded()) {
            s.getOutputStream().write(frame(0x1, "CONNECT".getBytes(US_ASCII)));
            assertThat(closeFrames(s.getInputStream())).containsExactly(1003);
        }
    }

    @Test
    void brokerEndsTheConnection_oneCloseFrame1000() throws IOException {
        byte[] connect = connect(MQTT_3_1_1, clientId("twice")).toBytes();
        // [MQTT-3.1.0-2] a second CONNECT is a protocol violation: the broker closes the connection
        byte[] twice = Arrays.copyOf(connect, connect.length * 2);
        System.arraycopy(connect, 0, twice, connect.length, connect.length);
        assertThat(closeFramesAfter(twice)).containsExactly(1000);
    }

    private static List<Integer> closeFramesAfter(byte[] binaryPayload) throws IOException {
        try (Socket s = upgraded()) {
            s.getOutputStream().write(frame(0x2, binaryPayload));
            return closeFrames(s.getInputStream());
        }
    }

    private static byte[] upgrade(String version, String key, String extraHeaders) {
        return ("GET /mqtt " + version + "\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: mqtt\r\n"
                + extraHeaders
                + "\r\n").getBytes(US_ASCII);
    }

    private static Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", herald.port("ws"));
        s.setSoTimeout(5_000);
        return s;
    }

    private static Socket upgraded() throws IOException {
        Socket s = socket();
        s.getOutputStream().write(upgrade("HTTP/1.1", GOOD_KEY, ""));
        assertThat(readStatus(s.getInputStream())).isEqualTo(101);
        return s;
    }

    /** Sends {@code request} and returns the response's status; a refusal must then end the connection. */
    private static int statusOf(byte[] request) throws IOException {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
            } catch (IOException refusedWhileSending) {
                // the broker may answer and close before the whole request is sent; the answer is still read
            }
            InputStream in = s.getInputStream();
            int status = readStatus(in);
            if (status != 101) {
                in.skip(Long.MAX_VALUE); // the body, until the broker closes (else the read times out)
            }
            return status;
        }
    }

    /** Reads the status line and headers of an HTTP response. */
    private static int readStatus(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the response head: " + head.toString(US_ASCII));
            }
            head.write(b);
        }
        String statusLine = head.toString(US_ASCII).lines().findFirst().orElseThrow();
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** The status codes of the close frames received until the connection ends. */
    private static List<Integer> closeFrames(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        List<Integer> closes = new ArrayList<>();
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return closes;
                }
                int len = in.readUnsignedByte() & 0x7F; // server frames are not masked
                long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if ((b0 & 0x0F) == 0x8) {
                    closes.add(payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005);
                }
            }
        } catch (EOFException | SocketTimeoutException end) {
            return closes;
        } catch (IOException reset) {
            return closes; // a reset after the close frames
        }
    }

    /** A final client frame of {@code opcode}, masked as clients must [RFC 6455 5.3]. */
    private static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xFF);
        }
        byte[] mask = {1, 2, 3, 4};
        f.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        return f.toByteArray();
    }
}
