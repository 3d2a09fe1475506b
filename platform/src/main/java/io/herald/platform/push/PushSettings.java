package io.herald.platform.push;

import java.time.Duration;
import java.util.Objects;

/**
 * How push is offered: the MQTT endpoint clients are told to use (the advertised host and ports, not the
 * bind addresses: behind a proxy or NAT they differ), how long endpoint credentials live, and how long
 * a push waits for an offline device. Immutable.
 *
 * @param host {@code --public-host}
 * @param portTCP {@code --public-mqtt-port}; 0 when not offered (likewise the other ports)
 * @param portSSL {@code --public-mqtts-port}
 * @param portWS {@code --public-ws-port}
 * @param portWSS {@code --public-wss-port}
 * @param credentialTtl how long the credentials of one {@code GET …/mqtt-endpoint} work ({@code X-MQTT-TTL})
 * @param defaultExpiry how long a push waits in an offline installation's queue unless it says otherwise
 */
public record PushSettings(String host, int portTCP, int portSSL, int portWS, int portWSS, Duration credentialTtl,
        Duration defaultExpiry) {

    /** Kii's endpoints answer {@code "ttl":2147483647}: long-lived unless configured otherwise. */
    public static final Duration LONG_LIVED = Duration.ofSeconds(Integer.MAX_VALUE);
    /** Seed 003: "Published message broker has an expiry_interval of 10 minutes". */
    public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(10);

    public PushSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentialTtl, "credentialTtl");
        Objects.requireNonNull(defaultExpiry, "defaultExpiry");
        for (int port : new int[] {portTCP, portSSL, portWS, portWSS}) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("a port is 0..65535: " + port);
            }
        }
        if (credentialTtl.isNegative() || credentialTtl.isZero() || credentialTtl.compareTo(LONG_LIVED) > 0) {
            throw new IllegalArgumentException("the credential TTL is 1.." + LONG_LIVED.toSeconds() + " seconds");
        }
        if (defaultExpiry.isNegative() || defaultExpiry.toSeconds() > 4_294_967_295L) {
            throw new IllegalArgumentException("the default push expiry is 0..4294967295 seconds");
        }
    }

    /** Only the plain MQTT port offered, long-lived credentials, 10-minute pushes. */
    public static PushSettings of(String host, int portTCP) {
        return new PushSettings(host, portTCP, 0, 0, 0, LONG_LIVED, DEFAULT_EXPIRY);
    }
}
