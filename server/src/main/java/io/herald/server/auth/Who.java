package io.herald.server.auth;

import io.herald.broker.auth.ClientIdentity;
import java.util.regex.Pattern;

/** Whom an ACL rule is about: the {@code who} of a rule. Immutable. */
public sealed interface Who {

    boolean matches(ClientIdentity client);

    /** Clients connected without a verified user name. */
    record Anonymous() implements Who {
        @Override
        public boolean matches(ClientIdentity client) {
            return client.anonymous();
        }
    }

    /** Every client, anonymous or not. */
    record All() implements Who {
        @Override
        public boolean matches(ClientIdentity client) {
            return true;
        }
    }

    /** The client logged in as {@code name}. */
    record User(String name) implements Who {
        @Override
        public boolean matches(ClientIdentity client) {
            return name.equals(client.username());
        }
    }

    /** Clients whose client id matches {@code glob}: {@code *} any run of characters, {@code ?} one. */
    record ClientId(String glob, Pattern regex) implements Who {

        static ClientId of(String glob) {
            StringBuilder re = new StringBuilder();
            for (String part : glob.split("(?=[*?])|(?<=[*?])")) {
                re.append(switch (part) {
                    case "*" -> ".*";
                    case "?" -> ".";
                    default -> Pattern.quote(part);
                });
            }
            return new ClientId(glob, Pattern.compile(re.toString(), Pattern.DOTALL));
        }

        @Override
        public boolean matches(ClientIdentity client) {
            return regex.matcher(client.clientId()).matches();
        }
    }

    /**
     * Parses {@code anonymous}, {@code all}, {@code user:NAME} or {@code clientId:GLOB}.
     *
     * @throws IllegalArgumentException with the reason, when {@code text} is none of these
     */
    static Who parse(String text) {
        if (text.equals("anonymous")) {
            return new Anonymous();
        }
        if (text.equals("all")) {
            return new All();
        }
        if (text.startsWith("user:") && text.length() > "user:".length()) {
            return new User(text.substring("user:".length()));
        }
        if (text.startsWith("clientId:") && text.length() > "clientId:".length()) {
            return ClientId.of(text.substring("clientId:".length()));
        }
        throw new IllegalArgumentException(
                "who must be anonymous, all, user:NAME or clientId:GLOB, not '" + text + "'");
    }
}
