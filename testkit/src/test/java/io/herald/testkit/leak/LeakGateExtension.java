package io.herald.testkit.leak;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer during it ({@link LeakGate}). Registered for
 * every test class of this module by JUnit's extension auto-detection (junit-platform.properties and
 * META-INF/services); it runs after the class's other after-all callbacks, so its brokers are closed.
 *
 * <p>Threads: JUnit's test thread; stateless.
 */
public final class LeakGateExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        LeakGate.check(context.getRequiredTestClass().getName());
    }
}
