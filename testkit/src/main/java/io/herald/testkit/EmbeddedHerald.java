package io.herald.testkit;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.EnhancedAuthenticator;
import io.herald.broker.store.BrokerStore;
import io.herald.broker.store.memory.MemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs a real Herald broker on 127.0.0.1 and a free port.
 *
 * <p>Register it as a {@code static} field with {@code @RegisterExtension} for one broker per test
 * class, or as an instance field for a fresh broker per test. Configure it with the builder-style
 * methods before it starts. Not thread-safe: used from the JUnit thread.
 */
public final class EmbeddedHerald implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private UnaryOperator<BrokerConfig.Builder> customizer = UnaryOperator.identity();
    private Authenticator authenticator = Authenticator.allowAll();
    private Authorizer authorizer = Authorizer.allowAll();
    private EnhancedAuthenticator enhancedAuthenticator = EnhancedAuthenticator.none();
    private Supplier<BrokerStore> store = MemoryStore::new;
    private Clock clock = Clock.systemUTC();
    private Broker broker;
    private boolean perClass;

    private EmbeddedHerald() {}

    /** A broker with default settings on a free port. */
    public static EmbeddedHerald create() {
        return new EmbeddedHerald();
    }

    /** A broker whose settings {@code customizer} adjusts (the port is always chosen freely). */
    public static EmbeddedHerald create(UnaryOperator<BrokerConfig.Builder> customizer) {
        EmbeddedHerald h = new EmbeddedHerald();
        h.customizer = customizer;
        return h;
    }

    public EmbeddedHerald authenticator(Authenticator value) {
        authenticator = value;
        return this;
    }

    public EmbeddedHerald authorizer(Authorizer value) {
        authorizer = value;
        return this;
    }

    /** MQTT 5 enhanced authentication (AUTH packets); by default no Authentication Method is supported. */
    public EmbeddedHerald enhancedAuthenticator(EnhancedAuthenticator value) {
        enhancedAuthenticator = value;
        return this;
    }

    public EmbeddedHerald store(Supplier<BrokerStore> value) {
        store = value;
        return this;
    }

    /** The broker's clock (for credential and message expiry); the system's by default. See {@link MovableClock}. */
    public EmbeddedHerald clock(Clock value) {
        clock = value;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    /** Starts the broker (the extension does this itself). */
    public void start() {
        BrokerConfig config = customizer.apply(BrokerConfig.builder()).bind("127.0.0.1").mqttPort(0).build();
        broker = Broker.start(config, store.get(), authenticator, enhancedAuthenticator, authorizer,
                new SimpleMeterRegistry(), clock);
    }

    /** Stops the broker (the extension does this itself); safe to call twice. */
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int mqttPort() {
        return running().mqttAddress().orElseThrow().getPort();
    }

    /** The port of the listener called {@code name} (a TLS, WebSocket or WSS listener configured with port 0). */
    public int port(String listener) {
        return running().address(listener)
                .orElseThrow(() -> new IllegalStateException("no listener called " + listener + " is bound"))
                .getPort();
    }

    /** {@code tcp://127.0.0.1:PORT}, as Paho wants it. */
    public String tcpUri() {
        return "tcp://" + host() + ":" + mqttPort();
    }

    public Broker broker() {
        return running();
    }

    private Broker running() {
        if (broker == null) {
            throw new IllegalStateException("the broker is not running; register EmbeddedHerald with @RegisterExtension");
        }
        return broker;
    }
}
