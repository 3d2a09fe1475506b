package io.herald.broker.spec;

import io.herald.broker.BrokerConfig;
import io.herald.testkit.EmbeddedHerald;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The broker a test class runs against, one per class: Herald through {@link EmbeddedHerald}, or, with
 * {@code -Dherald.spec.broker=mosquitto}, Debian's mosquitto as a reference that checks the tests
 * themselves. Register as a {@code static} field with {@code @RegisterExtension}. JUnit thread only.
 */
public final class BrokerUnderTest implements BeforeAllCallback, AfterAllCallback {

    private static final boolean MOSQUITTO = "mosquitto".equals(System.getProperty("herald.spec.broker"));

    private final EmbeddedHerald herald;
    private MosquittoProcess mosquitto;

    private BrokerUnderTest(EmbeddedHerald herald) {
        this.herald = herald;
    }

    public static BrokerUnderTest create() {
        return new BrokerUnderTest(EmbeddedHerald.create());
    }

    /** Herald with adjusted settings; mosquitto ignores them. */
    public static BrokerUnderTest create(UnaryOperator<BrokerConfig.Builder> config) {
        return new BrokerUnderTest(EmbeddedHerald.create(config));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (MOSQUITTO) {
            mosquitto = MosquittoProcess.start();
        } else {
            herald.start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (mosquitto != null) {
            mosquitto.close();
        } else {
            herald.stop();
        }
    }

    public int port() {
        return MOSQUITTO ? mosquitto.port() : herald.mqttPort();
    }

    /** The embedded Herald; skips the calling test when the suite runs against mosquitto. */
    public EmbeddedHerald herald() {
        Assumptions.assumeFalse(MOSQUITTO, "checks Herald's own metrics or limits");
        return herald;
    }

    /** Skips the calling test against mosquitto, whose {@code reason} the spec allows. */
    public static void assumeNotMosquitto(String reason) {
        Assumptions.assumeFalse(MOSQUITTO, reason);
    }
}
