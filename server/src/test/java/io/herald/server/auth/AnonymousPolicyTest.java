package io.herald.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default follows the listeners' addresses; the flag overrides it. No address here is bound. */
class AnonymousPolicyTest {

    @ParameterizedTest(name = "listeners on {0}: allowed {1}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1 | true",
        "::1 | true",
        "127.0.0.1, 127.0.1.1, ::1 | true",
        "'' | true", // no listener at all: nothing is exposed
        "0.0.0.0 | false",
        ":: | false",
        "192.168.1.20 | false",
        "127.0.0.1, 10.0.0.5 | false", // one exposed listener is enough
    })
    void default_allowsAnonymousOnlyWhenEveryListenerIsLoopback(String addresses, boolean allowed) {
        AnonymousPolicy policy = AnonymousPolicy.decide(null, parse(addresses));
        assertThat(policy.allowed()).isEqualTo(allowed);
        assertThat(policy.startupLine()).startsWith("anonymous clients " + (allowed ? "allowed" : "refused") + ": ");
    }

    @ParameterizedTest(name = "--allow-anonymous {0} on {1}")
    @CsvSource(delimiter = '|', value = {"true | 0.0.0.0", "false | 127.0.0.1"})
    void explicitFlag_wins(boolean flag, String address) {
        AnonymousPolicy policy = AnonymousPolicy.decide(flag, parse(address));
        assertThat(policy.allowed()).isEqualTo(flag);
        assertThat(policy.startupLine()).endsWith("--allow-anonymous " + flag);
    }

    @Test
    void refusedLine_namesTheExposedAddress() {
        assertThat(AnonymousPolicy.decide(null, parse("127.0.0.1, 0.0.0.0")).startupLine())
                .isEqualTo("anonymous clients refused: a listener binds 0.0.0.0, which is not loopback"
                        + " (--allow-anonymous true allows them)");
    }

    private static List<InetAddress> parse(String addresses) {
        return Arrays.stream(addresses.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return InetAddress.getByName(s); // literals only: no name lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }).toList();
    }
}
