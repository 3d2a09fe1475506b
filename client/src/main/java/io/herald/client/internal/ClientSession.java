package io.herald.client.internal;

import io.herald.client.ClientState;
import io.herald.client.ConnAck;
import io.herald.client.ErrnoConnect;
import io.herald.client.MqttClientConfig;
import io.herald.client.MqttClientException;
import io.herald.client.MqttError;
import io.herald.client.PublishMessage;
import io.herald.client.PublishResult;
import io.herald.client.SubAck;
import io.herald.client.Subscription;
import io.herald.client.UnsubAck;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The client's state machine: connection attempts, CONNACK, the packets of a live connection, and
 * what happens when it ends (reconnect with backoff, storm detection, giving up).
 *
 * <p>Threads: every method runs on the client's event loop, which owns all of this state; only
 * {@link #state()}, {@link #errnoConnect()} and {@link #reconnecting()} may be read from other threads.
 */
final class ClientSession implements ConnectionHandler.Events {

    private final MqttClientConfig config;
    private final EventLoop loop;
    private final Callbacks callbacks;
    private final Clock clock;
    private final Connector connector;
    private final SubscriptionRegistry registry = new SubscriptionRegistry();
    private final Outbound outbound;
    private final Requests requests;
    private final Inbound inbound;
    private final Backoff backoff;
    private final StormDetector storm;
    private final ReconnectPacer pacer;
    private final List<CompletableFuture<ConnAck>> connectWaiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> disconnectWaiters = new ArrayList<>();

    private volatile ClientState state = ClientState.DISCONNECTED;
    private volatile int errnoConnect;
    private volatile boolean reconnecting;
    private ConnectionHandler current;
    private ConnAck connAck;
    private Instant connectedAt;
    private int attempt;
    private ScheduledFuture<?> timer;
    private boolean userDisconnect;
    private boolean reconnectNow;
    private boolean closed;

    ClientSession(MqttClientConfig config, EventLoop loop, Callbacks callbacks, Clock clock, RandomGenerator random,
            Connector connector) {
        this.config = config;
        this.loop = loop;
        this.callbacks = callbacks;
        this.clock = clock;
        this.connector = connector;
        PacketIds ids = new PacketIds();
        this.outbound = new Outbound(config, callbacks, ids);
        this.requests = new Requests(callbacks, ids, registry);
        this.inbound = new Inbound(callbacks);
        this.backoff = new Backoff(config.reconnect(), random);
        this.storm = new StormDetector(config.reconnect(), clock);
        this.pacer = new ReconnectPacer(config.reconnect(), clock);
    }

    ClientState state() {
        return state;
    }

    int errnoConnect() {
        return errnoConnect;
    }

    boolean reconnecting() {
        return reconnecting;
    }

    boolean canPublish() {
        return state == ClientState.CONNECTED && !userDisconnect && !closed;
    }

    void connect(CompletableFuture<ConnAck> f) {
        if (closed) {
            callbacks.fail(f, MqttClientException.of(MqttError.OTHER, "the client is closed"));
            return;
        }
        switch (state) {
            case CONNECTED -> callbacks.complete(f, connAck);
            case CONNECTING -> connectWaiters.add(f);
            case WAITING_TO_RECONNECT -> {
                connectWaiters.add(f);
                cancelTimer();
                startAttempt();
            }
            default -> {
                storm.reset();
                attempt = 0;
                connectWaiters.add(f);
                startAttempt();
            }
        }
    }

    void reconnect() {
        if (closed || state == ClientState.CONNECTING || userDisconnect) {
            return;
        }
        if (storm.coolingDown()) {
            callbacks.emit(l -> l.error(stormError("reconnect refused: a reconnect storm was detected recently")));
            return;
        }
        if (state == ClientState.CONNECTED) {
            reconnectNow = true;
            current.close(Failure.local(ErrnoConnect.CONNECTION_FAILED, "reconnect requested"));
            return;
        }
        Duration wait = pacer.waitForRequested();
        if (!wait.isZero() && state == ClientState.WAITING_TO_RECONNECT) {
            return; // an attempt is already scheduled; asking again does not bring it closer
        }
        cancelTimer();
        reconnecting = true;
        int n = attempt;
        callbacks.emit(l -> l.reconnecting(n, wait));
        if (wait.isZero()) {
            startAttempt();
        } else {
            state = ClientState.WAITING_TO_RECONNECT;
            timer = loop.schedule(this::startAttempt, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void publish(PublishMessage message, CompletableFuture<PublishResult> f) {
        if (closed || userDisconnect) {
            callbacks.fail(f, MqttClientException.of(MqttError.DISCONNECTED, "the client is disconnecting"));
            return;
        }
        outbound.publish(message, f);
    }

    void subscribe(List<Subscription> subscriptions, CompletableFuture<SubAck> f) {
        if (!canPublish()) {
            callbacks.fail(f, MqttClientException.of(MqttError.DISCONNECTED, "not connected"));
            return;
        }
        requests.subscribe(current, subscriptions, f);
    }

    void unsubscribe(List<String> filters, CompletableFuture<UnsubAck> f) {
        if (!canPublish()) {
            callbacks.fail(f, MqttClientException.of(MqttError.DISCONNECTED, "not connected"));
            return;
        }
        requests.unsubscribe(current, filters, f);
    }

    void disconnect(CompletableFuture<Void> f, boolean close) {
        closed |= close;
        switch (state) {
            case CONNECTED, CONNECTING -> {
                disconnectWaiters.add(f);
                if (userDisconnect) {
                    return;
                }
                userDisconnect = true;
                ConnectionHandler h = current;
                Failure why = Failure.local(ErrnoConnect.CONNECTION_FAILED, "disconnected by the client");
                if (state == ClientState.CONNECTED) {
                    // [MQTT-3.14.4-1] after sending DISCONNECT the client closes the network connection
                    h.write(Packets.disconnect(config.protocolVersion(), 0)).addListener(x -> h.close(why));
                } else {
                    h.close(why);
                }
            }
            default -> {
                cancelTimer();
                settleDisconnected();
                callbacks.complete(f, null);
            }
        }
    }

    private void startAttempt() {
        state = ClientState.CONNECTING;
        pacer.attemptStarted();
        ConnectionHandler h = new ConnectionHandler(this, config.server().transport());
        current = h;
        connector.open(h);
        if (!config.connectTimeout().isZero() && current == h) {
            long ms = config.connectTimeout().toMillis();
            timer = loop.schedule(() -> {
                if (current == h && state == ClientState.CONNECTING) {
                    h.close(Failure.local(ErrnoConnect.CONNECTION_FAILED, "no CONNACK within " + ms + " ms"));
                }
            }, ms, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void ready(ConnectionHandler h) {
        if (h != current) {
            return;
        }
        h.write(Packets.connectFrame(config)).addListener(f -> {
            if (!f.isSuccess()) {
                h.close(Failure.local(ErrnoConnect.CONNECTION_FAILED, "cannot send CONNECT: "
                        + ConnectionHandler.rootMessage(f.cause())));
            }
        });
    }

    @Override
    public void packet(ConnectionHandler h, MqttMessage m) {
        if (h != current) {
            ReferenceCountUtil.release(m);
            return;
        }
        var type = m.fixedHeader().messageType();
        if (state == ClientState.CONNECTING && type != io.netty.handler.codec.mqtt.MqttMessageType.CONNACK) {
            ReferenceCountUtil.release(m);
            // [MQTT-3.2.0-1] the server's first packet is CONNACK
            h.close(Failure.local(ErrnoConnect.CONNECTION_FAILED, "protocol error: " + type + " before CONNACK"));
            return;
        }
        switch (type) {
            case CONNACK -> connAck(h, (MqttConnAckMessage) m);
            case PUBLISH -> inbound.publish(h, (MqttPublishMessage) m, config.protocolVersion());
            case PUBACK -> outbound.pubAck(Acks.packetId(m), Acks.reasonCode(m), Acks.reasonString(m));
            case PUBREC -> outbound.pubRec(Acks.packetId(m), Acks.reasonCode(m), Acks.reasonString(m));
            case PUBREL -> inbound.pubRel(h, Acks.packetId(m));
            case PUBCOMP -> outbound.pubComp(Acks.packetId(m), Acks.reasonString(m));
            case SUBACK -> requests.subAck(Acks.packetId(m), Acks.codes(m), Acks.reasonString(m));
            case UNSUBACK -> requests.unsubAck(Acks.packetId(m), Acks.codes(m), Acks.reasonString(m));
            case PINGRESP -> h.pingResponse();
            case DISCONNECT -> {
                int reason = Acks.disconnectReason(m);
                String rs = Acks.reasonString(m);
                h.close(new Failure(ErrnoConnect.CONNECTION_FAILED, reason, String.format(
                        "the server sent DISCONNECT with reason 0x%02X%s", reason, rs == null ? "" : " (" + rs + ")"),
                        null, true));
            }
            default -> h.close(Failure.local(ErrnoConnect.CONNECTION_FAILED, "protocol error: unexpected " + type));
        }
    }

    private void connAck(ConnectionHandler h, MqttConnAckMessage m) {
        ConnAck ack = Acks.connAck(m, config.protocolVersion());
        if (ack.reasonCode() != 0) {
            int errno = ErrnoConnect.fromConnAckCode(ack.reasonCode());
            h.close(new Failure(errno, ack.reasonCode(), String.format("the server refused the connection: %s "
                    + "(code 0x%02X)%s", ErrnoConnect.describe(errno), ack.reasonCode(),
                    ack.reasonString() == null ? "" : ", " + ack.reasonString()), null, false));
            return;
        }
        cancelTimer();
        state = ClientState.CONNECTED;
        errnoConnect = ErrnoConnect.OK;
        attempt = 0;
        reconnecting = false;
        connAck = ack;
        connectedAt = clock.instant();
        if (!ack.sessionPresent()) {
            inbound.newSession();
        }
        h.startKeepAlive(ack.serverKeepAlive() >= 0 ? ack.serverKeepAlive() : config.keepAliveSeconds());
        if (!ack.sessionPresent() && config.resubscribe() && !registry.isEmpty()) {
            resubscribe(h);
        }
        outbound.connected(h, ack);
        connectWaiters.forEach(f -> callbacks.complete(f, ack));
        connectWaiters.clear();
        callbacks.emit(l -> l.connected(ack));
    }

    private void resubscribe(ConnectionHandler h) {
        List<Subscription> all = registry.all();
        CompletableFuture<SubAck> f = new CompletableFuture<>();
        f.whenComplete((ack, e) -> {
            if (ack != null && !ack.allGranted()) {
                callbacks.emit(l -> l.error(MqttClientException.of(MqttError.SUBSCRIBE_FAILED,
                        "renewing the subscriptions after a reconnect: the server refused some " + ack.reasonCodes())));
            }
        });
        requests.subscribe(h, all, f);
    }

    @Override
    public void closed(ConnectionHandler h, Failure failure) {
        if (h != current) {
            return;
        }
        current = null;
        cancelTimer();
        outbound.disconnected();
        boolean wasConnected = state == ClientState.CONNECTED;
        // settle the state before any future completes, so callers see it in their callbacks
        state = closed ? ClientState.CLOSED : ClientState.DISCONNECTED;
        requests.failAll(MqttClientException.of(MqttError.DISCONNECTED, "the connection closed before the answer"));
        if (userDisconnect) {
            userDisconnect = false;
            MqttClientException e = MqttClientException.of(MqttError.DISCONNECTED, "disconnected by the client");
            connectWaiters.forEach(f -> callbacks.fail(f, e));
            connectWaiters.clear();
            settleDisconnected();
            if (wasConnected) {
                callbacks.emit(l -> l.disconnected(null));
            }
            disconnectWaiters.forEach(f -> callbacks.complete(f, null));
            disconnectWaiters.clear();
            return;
        }
        if (wasConnected) {
            MqttClientException lost = new MqttClientException(MqttError.of(MqttError.DISCONNECTED,
                    "connection lost: " + failure.detail()), ErrnoConnect.OK, failure.reasonCode(), failure.cause());
            callbacks.emit(l -> l.disconnected(lost));
            boolean isStorm;
            if (failure.orderlyServerClose()) {
                isStorm = storm.serverClosed(connectedAt, failure.reasonCode());
            } else {
                storm.stable(connectedAt);
                isStorm = false;
            }
            if (isStorm) {
                reconnectNow = false;
                MqttClientException e = stormError("reconnect storm: the server took the session away "
                        + (failure.reasonCode() == StormDetector.SESSION_TAKEN_OVER ? "(reason 0x8E Session taken over)"
                        : storm.threshold() + " times in a row soon after accepting it")
                        + "; another client probably uses client id '" + config.clientId() + "'. Not reconnecting.");
                callbacks.emit(l -> l.error(e));
                giveUp(e);
                return;
            }
        } else {
            errnoConnect = failure.errno();
            MqttClientException e = MqttClientException.connectFailed(failure.errno(), failure.reasonCode(),
                    failure.detail(), failure.cause());
            connectWaiters.forEach(f -> callbacks.fail(f, e));
            connectWaiters.clear();
            callbacks.emit(l -> l.error(e));
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed) {
            giveUp(MqttClientException.of(MqttError.DISCONNECTED, "the client is closed"));
            return;
        }
        if (reconnectNow) {
            reconnectNow = false;
            reconnecting = true;
            int n = attempt;
            callbacks.emit(l -> l.reconnecting(n, Duration.ZERO));
            startAttempt();
            return;
        }
        if (!config.reconnect().enabled() || !config.reconnect().allows(attempt)) {
            giveUp(MqttClientException.of(MqttError.DISCONNECTED, config.reconnect().enabled()
                    ? "gave up after " + attempt + " reconnect attempts" : "the connection ended"));
            return;
        }
        Duration delay = backoff.delay(attempt);
        int n = attempt++;
        state = ClientState.WAITING_TO_RECONNECT;
        reconnecting = true;
        callbacks.emit(l -> l.reconnecting(n, delay));
        timer = loop.schedule(this::startAttempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void giveUp(MqttClientException why) {
        state = closed ? ClientState.CLOSED : ClientState.DISCONNECTED;
        reconnecting = false;
        outbound.failAll(MqttClientException.of(MqttError.DISCONNECTED, why.error().detail()));
    }

    private void settleDisconnected() {
        state = closed ? ClientState.CLOSED : ClientState.DISCONNECTED;
        reconnecting = false;
        reconnectNow = false;
        registry.clear();
        outbound.failAll(MqttClientException.of(MqttError.DISCONNECTED, "disconnected by the client"));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static MqttClientException stormError(String detail) {
        return MqttClientException.of(MqttError.OTHER, detail);
    }
}
