package io.herald.client.support;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.store.memory.MemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;

/**
 * A Herald broker on 127.0.0.1 and a fixed free port, so it can stop and start again on the same port
 * (EmbeddedHerald picks a new port each start). Not thread-safe: used from the test thread.
 */
public final class HeraldBroker implements TestBroker {

    private final int port = Ports.free();
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private Broker broker;

    private HeraldBroker(Authenticator authenticator, Authorizer authorizer) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    public static HeraldBroker launch(Authenticator authenticator, Authorizer authorizer) {
        HeraldBroker b = new HeraldBroker(authenticator, authorizer);
        b.start();
        return b;
    }

    public static HeraldBroker launch() {
        return launch(Authenticator.allowAll(), Authorizer.allowAll());
    }

    @Override
    public String name() {
        return "herald";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void start() {
        BrokerConfig config = BrokerConfig.builder().bind("127.0.0.1").mqttPort(port).build();
        broker = Broker.start(config, new MemoryStore(), authenticator, authorizer,
                new SimpleMeterRegistry(), Clock.systemUTC());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name();
    }
}
