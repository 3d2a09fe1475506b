package io.herald.platform.http;

import java.nio.file.Path;

/**
 * Where and how the REST API listens. Immutable.
 *
 * @param httpPort 0 for a free port, -1 disabled
 * @param httpsPort 0 for a free port, -1 disabled
 * @param certFile PEM server certificate for HTTPS (the broker's TLS certificate); null when HTTPS is disabled
 * @param keyFile PEM private key of {@code certFile}
 * @param bodyLimit largest body accepted, bytes, except publishing's
 * @param publishBodyLimit largest body of {@code POST /api/mqtt/messages}, bytes
 * @param eventLoops Vert.x event loops (the REST API's own, apart from the broker's)
 */
public record RestSettings(String bind, int httpPort, int httpsPort, Path certFile, Path keyFile, long bodyLimit,
        long publishBodyLimit, int eventLoops) {

    public static final int DISABLED = -1;

    public RestSettings {
        if (httpsPort != DISABLED && (certFile == null || keyFile == null)) {
            throw new IllegalArgumentException("HTTPS needs a certificate and its key");
        }
        if (bodyLimit <= 0 || publishBodyLimit <= 0 || eventLoops <= 0) {
            throw new IllegalArgumentException("body limits and event loops must be positive");
        }
    }

    /** HTTP only on {@code bind}:{@code httpPort}, 64 KiB bodies, 4 MiB publish bodies, one event loop. */
    public static RestSettings http(String bind, int httpPort) {
        return new RestSettings(bind, httpPort, DISABLED, null, null, 64 * 1024, 4 * 1024 * 1024, 1);
    }
}
