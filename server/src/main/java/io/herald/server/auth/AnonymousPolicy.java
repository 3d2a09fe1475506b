package io.herald.server.auth;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Whether clients that present no verifiable credentials may connect, and why. Immutable.
 *
 * <p>Unless {@code --allow-anonymous} says otherwise, anonymous clients are allowed only while every
 * listener is bound to a loopback address: a fresh {@code herald serve} on a laptop just works, and a
 * server reachable from the network does not silently accept anyone.
 *
 * @param reason why, for the one startup line
 */
public record AnonymousPolicy(boolean allowed, String reason) {

    /**
     * Decides the policy.
     *
     * @param explicit the {@code --allow-anonymous} value, or null when it was not given
     * @param listenerAddresses the address of every listener (MQTT, TLS, WebSocket, …) that will be bound
     */
    public static AnonymousPolicy decide(Boolean explicit, List<InetAddress> listenerAddresses) {
        if (explicit != null) {
            return new AnonymousPolicy(explicit, "--allow-anonymous " + explicit);
        }
        Optional<InetAddress> exposed = listenerAddresses.stream().filter(a -> !a.isLoopbackAddress()).findFirst();
        return exposed
                .map(a -> new AnonymousPolicy(false, "a listener binds " + a.getHostAddress()
                        + ", which is not loopback (--allow-anonymous true allows them)"))
                .orElseGet(() -> new AnonymousPolicy(true,
                        "every listener binds a loopback address (--allow-anonymous false refuses them)"));
    }

    /** The startup line, e.g. {@code anonymous clients refused: a listener binds 0.0.0.0, …}. */
    public String startupLine() {
        return "anonymous clients " + (allowed ? "allowed" : "refused") + ": " + reason;
    }
}
