package io.herald.broker.publish;

import io.herald.broker.auth.ClientIdentity;
import java.util.Objects;

/**
 * On whose behalf an in-process publish is made, which decides the rights it is checked against.
 * Immutable.
 */
public sealed interface Origin {

    /**
     * The platform itself (push, device commands): every topic allowed except the broker's reserved ones
     * ({@code $SYS/}); the message has no publisher client id, so No Local never applies to it.
     */
    static Origin platform() {
        return Platform.INSTANCE;
    }

    /**
     * A client, e.g. one publishing over HTTP with its token: checked against {@code identity}'s
     * {@link io.herald.broker.auth.Permissions} and the broker's {@link io.herald.broker.auth.Authorizer},
     * exactly as its MQTT PUBLISH would be; an expired identity may not publish. The message carries its
     * client id as publisher, for No Local.
     */
    static Origin client(ClientIdentity identity) {
        return new Client(identity);
    }

    /** See {@link Origin#platform()}. */
    final class Platform implements Origin {
        private static final Platform INSTANCE = new Platform();

        private Platform() {}

        @Override
        public String toString() {
            return "Origin[platform]";
        }
    }

    /** See {@link Origin#client(ClientIdentity)}. */
    record Client(ClientIdentity identity) implements Origin {
        public Client {
            Objects.requireNonNull(identity, "identity");
        }
    }
}
