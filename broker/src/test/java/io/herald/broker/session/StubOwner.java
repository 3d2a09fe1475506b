package io.herald.broker.session;

import io.herald.broker.DisconnectReason;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * A connection for tests of the session layer without a network: what a test does not ask about is
 * answered with a constant (writable, plain TCP, no rights) and control packets are dropped; tests
 * override what they record or steer ({@link #sendPublish}, {@link #writable}, {@link #receiveMaximum}).
 *
 * <p>Threads: as its subclasses say; this class keeps no state of its own.
 */
abstract class StubOwner implements SessionOwner {

    private final int protocolLevel;

    StubOwner(int protocolLevel) {
        this.protocolLevel = protocolLevel;
    }

    @Override
    public void send(MqttMessage packet) {}

    @Override
    public int receiveMaximum() {
        return 65_535;
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public int protocolLevel() {
        return protocolLevel;
    }

    @Override
    public String transport() {
        return "tcp";
    }

    @Override
    public Instant connectedSince() {
        return Instant.EPOCH;
    }

    @Override
    public Rights rights() {
        return null;
    }

    @Override
    public int updateRights(Rights rights) {
        return 0;
    }

    @Override
    public void takenOver() {}

    @Override
    public void disconnect(DisconnectReason reason, String why) {}
}
