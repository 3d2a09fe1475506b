package io.herald.testkit;

import static io.herald.testkit.MqttPackets.toHex;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A byte-level MQTT client for conformance tests: it sends exactly the bytes it is given over a plain
 * TCP socket to 127.0.0.1 and reads whole packets back (fixed header, remaining length, body) without
 * interpreting them, so a test can assert on every byte, on silence, and on the broker closing the
 * connection. Build packets with {@link MqttPackets}.
 *
 * <p>Failed expectations throw {@link AssertionError} with both sides in hex. Not thread-safe: one test
 * thread drives one client. Close it (try-with-resources) to drop the connection without DISCONNECT.
 */
public final class RawMqttClient implements AutoCloseable {

    /** How long {@link #expectPacket} waits. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean ended;
    private boolean reset;

    private RawMqttClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to 127.0.0.1:{@code port}; sends nothing yet. */
    public static RawMqttClient connect(int port) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    (int) CONNECT_TIMEOUT.toMillis());
            return new RawMqttClient(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /**
     * Opens a TLS connection to 127.0.0.1:{@code port} and completes the handshake; sends nothing yet.
     *
     * @throws UncheckedIOException when the connection or the handshake fails
     */
    public static RawMqttClient connectTls(int port, javax.net.ssl.SSLSocketFactory factory, String... protocols) {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) CONNECT_TIMEOUT.toMillis());
            javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) factory.createSocket(plain, "localhost", port, true);
            if (protocols.length > 0) {
                tls.setEnabledProtocols(protocols);
            }
            tls.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
            tls.startHandshake();
            tls.setSoTimeout(0);
            return new RawMqttClient(tls);
        } catch (IOException e) {
            closeQuietly(plain);
            throw new UncheckedIOException("cannot connect with TLS to 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** The TLS protocol this connection negotiated, e.g. {@code TLSv1.3}; null for plain TCP. */
    public String tlsProtocol() {
        return socket instanceof javax.net.ssl.SSLSocket s ? s.getSession().getProtocol() : null;
    }

    /** Writes {@code packets} back to back and flushes once. */
    public RawMqttClient send(byte[]... packets) {
        try {
            out.write(MqttPackets.concat(packets));
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("send failed", e);
        }
    }

    /** Writes bytes given as hex pairs: {@code sendHex("c0 00")}. */
    public RawMqttClient sendHex(String hex) {
        return send(MqttPackets.hex(hex));
    }

    /** The next whole packet, fixed header included. */
    public byte[] readPacket(Duration timeout) {
        try {
            byte[] packet = read(deadline(timeout));
            if (packet == null) {
                throw new AssertionError("connection closed while waiting for a packet");
            }
            return packet;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no packet within " + timeout);
        }
    }

    /** Reads the next packet and asserts it equals {@code expected}, byte for byte. */
    public RawMqttClient expectPacket(byte[] expected) {
        byte[] actual = readPacket(DEFAULT_TIMEOUT);
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("expected packet [" + toHex(expected) + "] but got [" + toHex(actual) + "]");
        }
        return this;
    }

    /**
     * Reads a PUBLISH the broker sent with a packet id of its choosing and asserts it equals the packet
     * that {@code expected} builds from that id.
     *
     * @return the packet id, to acknowledge with
     */
    public int expectPublish(IntFunction<byte[]> expected) {
        byte[] actual = readPacket(DEFAULT_TIMEOUT);
        int packetId = MqttPackets.publishPacketId(actual);
        byte[] wanted = expected.apply(packetId);
        if (!Arrays.equals(wanted, actual)) {
            throw new AssertionError("expected PUBLISH [" + toHex(wanted) + "] but got [" + toHex(actual) + "]");
        }
        return packetId;
    }

    /** Asserts the broker closes the connection (EOF or reset) within {@code timeout}, sending nothing. */
    public void expectClosed(Duration timeout) {
        try {
            byte[] packet = read(deadline(timeout));
            if (packet != null) {
                throw new AssertionError("expected the connection to close but got [" + toHex(packet) + "]");
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + timeout);
        }
    }

    /** Asserts nothing arrives and the connection stays open for {@code period}. */
    public RawMqttClient expectNothing(Duration period) {
        try {
            byte[] packet = read(deadline(period));
            throw new AssertionError(packet == null
                    ? "connection closed, expected it to stay open and silent"
                    : "expected nothing but got [" + toHex(packet) + "]");
        } catch (SocketTimeoutException e) {
            return this;
        }
    }

    /**
     * Reads packets until the connection ends or nothing more arrives for {@code quiet}; for callers
     * that accept any sequence of replies. {@link #isClosed()} then tells which of the two happened.
     */
    public List<byte[]> drain(Duration quiet) {
        List<byte[]> packets = new ArrayList<>();
        try {
            byte[] packet;
            while ((packet = read(deadline(quiet))) != null) {
                packets.add(packet);
            }
        } catch (SocketTimeoutException e) {
            return packets;
        }
        return packets;
    }

    /** Whether the broker ended the connection, as seen by the last read. */
    public boolean isClosed() {
        return ended;
    }

    /**
     * Whether the connection ended with a reset rather than an orderly close (end of stream): a broker
     * that closes a socket with bytes of ours unread makes the kernel reset it, and the client may then
     * lose what the broker sent last.
     */
    public boolean wasReset() {
        return reset;
    }

    /**
     * Half-closes the connection: the broker reads end of stream after the bytes already sent, while
     * this client can still read what the broker answers until it closes its side.
     */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException("shutdown failed", e);
        }
    }

    /** Drops the connection without DISCONNECT: to the broker, an abnormal close. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    /**
     * Reads one packet; null when the connection ended (EOF or reset) before its first byte.
     *
     * @throws SocketTimeoutException when the deadline passes before the first byte
     */
    private byte[] read(long deadlineNanos) throws SocketTimeoutException {
        try {
            int first = readByte(deadlineNanos);
            if (first < 0) {
                return ended();
            }
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.write(first);
            int remaining = 0;
            int multiplier = 1;
            for (int i = 0; ; i++) {
                int b = readByteInPacket(deadlineNanos, packet);
                packet.write(b);
                remaining += (b & 0x7F) * multiplier;
                multiplier *= 128;
                if ((b & 0x80) == 0) {
                    break;
                }
                if (i == 3) {
                    throw new AssertionError("broker sent a remaining length over four bytes: " + toHex(packet.toByteArray()));
                }
            }
            for (int i = 0; i < remaining; i++) {
                packet.write(readByteInPacket(deadlineNanos, packet));
            }
            return packet.toByteArray();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            reset = true;
            return ended(); // connection reset by the broker
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] ended() {
        ended = true;
        return null;
    }

    private int readByteInPacket(long deadlineNanos, ByteArrayOutputStream soFar) throws IOException {
        try {
            int b = readByte(deadlineNanos);
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        } catch (SocketTimeoutException | EOFException e) {
            throw new AssertionError("broker sent a partial packet [" + toHex(soFar.toByteArray()) + "] then "
                    + (e instanceof EOFException ? "closed" : "stopped"));
        }
    }

    private int readByte(long deadlineNanos) throws IOException {
        long left = Math.max(1, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        return in.read();
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort; the test has already decided its outcome
        }
    }
}
