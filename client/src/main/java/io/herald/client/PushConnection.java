package io.herald.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An installation's MQTT push connection, made by {@link HeraldPlatform#connectForPush}: connected
 * with the endpoint's values (client id = user name's topic, persistent session), subscribed to its
 * topic, reconnecting by itself. When the credentials are refused (expired, rotated) or their TTL is
 * near its end, it fetches a new endpoint and moves to a new connection with the same client id, so the
 * server-side queue carries over.
 *
 * <p>Threads: thread-safe; renewals run one at a time on a private scheduler thread. Messages and
 * events reach the listener given to {@code connectForPush}, from whichever connection is current.
 * Lifecycle: {@link #close} disconnects and stops renewing.
 */
public final class PushConnection implements AutoCloseable {

    /** Renew when this share of the TTL has passed. */
    private static final double RENEW_AT = 0.9;

    private final HeraldPlatform platform;
    private final Transport transport;
    private final TlsConfig tls;
    private final ClientListener listener;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("herald-push-renewal").factory());
    private volatile MqttEndpoint endpoint; // written on the renewal thread or in open
    private volatile HeraldMqttClient client;
    private ScheduledFuture<?> renewal; // guarded by this
    private boolean closed; // guarded by this

    private PushConnection(HeraldPlatform platform, MqttEndpoint endpoint, Transport transport, TlsConfig tls,
            ClientListener listener) {
        this.platform = platform;
        this.endpoint = endpoint;
        this.transport = transport;
        this.tls = tls;
        this.listener = listener;
    }

    static CompletableFuture<PushConnection> open(HeraldPlatform platform, MqttEndpoint endpoint, Transport transport,
            TlsConfig tls, ClientListener listener) {
        PushConnection c = new PushConnection(platform, endpoint, transport, tls, listener);
        return c.connect(endpoint).thenApply(x -> c);
    }

    /** The endpoint in use. */
    public MqttEndpoint endpoint() {
        return endpoint;
    }

    /** The current MQTT connection (replaced on renewal). */
    public HeraldMqttClient client() {
        return client;
    }

    private CompletableFuture<Void> connect(MqttEndpoint e) {
        HeraldMqttClient next = HeraldMqttClient.builder()
                .serverUrl(e.url(transport))
                .tls(tls)
                .clientId(e.mqttTopic())
                .username(e.username())
                .password(e.password())
                .cleanSession(false)
                .reconnect(ReconnectPolicy.forever())
                .listener(new Relay())
                .build();
        return next.connect()
                .thenCompose(ack -> next.subscribe(e.mqttTopic(), 1))
                .thenAccept(ack -> {
                    if (!ack.allGranted()) {
                        throw new PlatformException(0, "SUBSCRIBE_REFUSED", "the server refused the subscription to "
                                + e.mqttTopic() + ": reason 0x" + Integer.toHexString(ack.reasonCodes().get(0)), null);
                    }
                    HeraldMqttClient previous = client;
                    endpoint = e;
                    client = next;
                    if (previous != null) {
                        previous.close();
                    }
                    schedule(e.ttl());
                })
                .whenComplete((x, failure) -> {
                    if (failure != null) {
                        next.close();
                    }
                });
    }

    private synchronized void schedule(Duration ttl) {
        if (closed || ttl.isZero()) {
            return;
        }
        if (renewal != null) {
            renewal.cancel(false);
        }
        renewal = renewals.schedule(this::renew, (long) (ttl.toMillis() * RENEW_AT), TimeUnit.MILLISECONDS);
    }

    /** Fetches a new endpoint and moves to it; on failure tries again in a few seconds. */
    private void renew() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        platform.getMqttEndpoint(endpoint.installationID())
                .thenCompose(e -> {
                    HeraldMqttClient old = client;
                    // free the client id first, so the new connection does not take the session over
                    return (old == null ? CompletableFuture.<Void>completedFuture(null) : old.disconnect())
                            .handle((x, ignored) -> e);
                })
                .thenCompose(this::connect)
                .whenComplete((x, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        boolean gone = cause instanceof PlatformException p && p.status() / 100 == 4;
                        listener.error(MqttClientException.of(MqttError.OTHER, "renewing the MQTT endpoint failed"
                                + (gone ? " for good: " : ", trying again in 5 s: ") + cause.getMessage()));
                        synchronized (this) {
                            if (!closed && !gone) {
                                renewal = renewals.schedule(this::renew, 5, TimeUnit.SECONDS);
                            }
                        }
                    }
                });
    }

    /** Disconnects and stops renewing. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (renewal != null) {
                renewal.cancel(false);
            }
        }
        renewals.shutdownNow();
        HeraldMqttClient c = client;
        if (c != null) {
            c.close();
        }
    }

    /** Passes events on; a refused login means the credentials expired or were rotated: renew at once. */
    private final class Relay implements ClientListener {
        @Override
        public void connected(ConnAck connAck) {
            listener.connected(connAck);
        }

        @Override
        public void reconnecting(int attempt, Duration delay) {
            listener.reconnecting(attempt, delay);
        }

        @Override
        public void disconnected(MqttClientException cause) {
            listener.disconnected(cause);
        }

        @Override
        public void error(MqttClientException error) {
            listener.error(error);
            if (error.errnoConnect() == ErrnoConnect.BAD_USER_NAME_OR_PASSWORD
                    || error.errnoConnect() == ErrnoConnect.NOT_AUTHORIZED) {
                synchronized (PushConnection.this) {
                    if (!closed) {
                        if (renewal != null) {
                            renewal.cancel(false);
                        }
                        renewal = renewals.schedule(PushConnection.this::renew, 0, TimeUnit.MILLISECONDS);
                    }
                }
            }
        }

        @Override
        public void message(ReceivedMessage message) {
            listener.message(message);
        }
    }
}
