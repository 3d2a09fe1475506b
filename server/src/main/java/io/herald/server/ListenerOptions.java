package io.herald.server;

import io.herald.broker.BrokerConfig;
import io.herald.broker.listener.DevCertificates;
import io.herald.broker.listener.ListenerSpec;
import io.herald.broker.listener.ListenerSpec.Kind;
import io.herald.broker.listener.TlsSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code serve} flags of the TLS, WebSocket and WSS listeners, their certificates and limits, and
 * how they become {@link ListenerSpec}s and {@link TlsSettings}: without {@code --tls-cert} and
 * {@code --tls-key}, a development CA and server certificate in {@code <data-dir>/tls}. Filled in by
 * picocli; used from the command's thread.
 */
final class ListenerOptions {

    /** How often the certificate files are checked for changes. */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(5);

    /** Whether TLS listeners ask clients for a certificate. */
    enum ClientAuthOption {
        none,
        optional,
        required;

        TlsSettings.ClientAuth toSettings() {
            return TlsSettings.ClientAuth.valueOf(name().toUpperCase(Locale.ROOT));
        }
    }

    @Option(names = "--tls-port", defaultValue = "8883", description = "MQTT over TLS port; 0 disables it (default: ${DEFAULT-VALUE}).")
    int tlsPort;

    @Option(names = "--tls-bind", paramLabel = "ADDRESS", description = "Address the TLS listener binds to (default: --bind).")
    String tlsBind;

    @Option(names = "--ws-port", defaultValue = "8083", description = "MQTT over WebSocket port; 0 disables it (default: ${DEFAULT-VALUE}).")
    int wsPort;

    @Option(names = "--ws-bind", paramLabel = "ADDRESS", description = "Address the WebSocket listener binds to (default: --bind).")
    String wsBind;

    @Option(names = "--wss-port", defaultValue = "8084", description = "MQTT over WebSocket over TLS port; 0 disables it (default: ${DEFAULT-VALUE}).")
    int wssPort;

    @Option(names = "--wss-bind", paramLabel = "ADDRESS", description = "Address the WSS listener binds to (default: --bind).")
    String wssBind;

    @Option(names = "--ws-path", defaultValue = "/mqtt", description = "HTTP path of the WebSocket and WSS listeners (default: ${DEFAULT-VALUE}).")
    String wsPath;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM server certificate (optionally followed by"
            + " its chain) for TLS and WSS; without it and --tls-key a development CA in <data-dir>/tls signs one.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert (PKCS#8, PKCS#1 or SEC1, unencrypted).")
    Path tlsKey;

    @Option(names = "--tls-chain", paramLabel = "FILE", description = "PEM intermediate certificates sent after --tls-cert.")
    Path tlsChain;

    @Option(names = "--tls-client-auth", defaultValue = "none", description = "Client certificates: ${COMPLETION-CANDIDATES}"
            + " (default: ${DEFAULT-VALUE}); optional and required need --tls-client-ca.")
    ClientAuthOption tlsClientAuth;

    @Option(names = "--tls-client-ca", paramLabel = "FILE", description = "PEM CA certificates client certificates must chain to.")
    Path tlsClientCa;

    @Option(names = "--tls-crl", paramLabel = "FILE", description = "CRL file (PEM or DER) of revoked client certificates.")
    Path tlsCrl;

    @Option(names = "--max-connections-per-listener", defaultValue = "0", description = "Most concurrent connections on"
            + " each listener; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerListener;

    @Option(names = "--connect-rate", defaultValue = "0", description = "New connections a second each listener accepts,"
            + " in bursts of as many; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int connectRate;

    @Option(names = "--tls-handshake-timeout", defaultValue = "10", description = "Seconds a TLS handshake may take (default: ${DEFAULT-VALUE}).")
    int tlsHandshakeTimeoutSeconds;

    /** The TLS, WebSocket and WSS listeners that are not disabled. */
    List<ListenerSpec> listeners(String bind, CommandLine cl) {
        List<ListenerSpec> specs = new ArrayList<>();
        add(specs, "tls", Kind.TLS, tlsBind, tlsPort, bind, cl);
        add(specs, "ws", Kind.WS, wsBind, wsPort, bind, cl);
        add(specs, "wss", Kind.WSS, wssBind, wssPort, bind, cl);
        return specs;
    }

    private static void add(List<ListenerSpec> specs, String name, Kind kind, String host, int port, String bind,
            CommandLine cl) {
        if (port < 0 || port > 65_535) {
            throw new CommandLine.ParameterException(cl, "--" + name + "-port must be 0..65535 (0 disables the listener): " + port);
        }
        if (port != 0) {
            specs.add(new ListenerSpec(name, kind, host == null ? bind : host, port));
        }
    }

    /**
     * Adds the listeners, limits and (when a listener uses TLS) certificates to {@code builder}; creates or
     * reuses the development certificates when no certificate is given, printing where a new CA is.
     */
    void configure(BrokerConfig.Builder builder, String bind, Path dataDir, CommandLine cl, PrintWriter out) {
        List<ListenerSpec> specs = listeners(bind, cl);
        checkTlsFlags(cl);
        if (tlsHandshakeTimeoutSeconds <= 0) {
            throw new CommandLine.ParameterException(cl, "--tls-handshake-timeout must be at least 1 second");
        }
        builder.listeners(specs)
                .webSocketPath(wsPath)
                .maxConnectionsPerListener(maxConnectionsPerListener)
                .connectRate(connectRate)
                .tlsHandshakeTimeout(Duration.ofSeconds(tlsHandshakeTimeoutSeconds));
        if (specs.stream().anyMatch(s -> s.kind().tls())) {
            builder.tls(tlsSettings(specs, dataDir, out));
        }
    }

    private void checkTlsFlags(CommandLine cl) {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new CommandLine.ParameterException(cl, "--tls-cert and --tls-key go together: give both, or neither"
                    + " for the development certificate");
        }
        if (tlsChain != null && tlsCert == null) {
            throw new CommandLine.ParameterException(cl, "--tls-chain needs --tls-cert and --tls-key");
        }
        if (tlsClientAuth != ClientAuthOption.none && tlsClientCa == null) {
            throw new CommandLine.ParameterException(cl, "--tls-client-auth " + tlsClientAuth
                    + " needs --tls-client-ca, the CA that signs client certificates");
        }
        if (tlsClientAuth == ClientAuthOption.none && (tlsClientCa != null || tlsCrl != null)) {
            throw new CommandLine.ParameterException(cl, (tlsClientCa != null ? "--tls-client-ca" : "--tls-crl")
                    + " needs --tls-client-auth optional or required");
        }
    }

    private TlsSettings tlsSettings(List<ListenerSpec> specs, Path dataDir, PrintWriter out) {
        Path cert = tlsCert;
        Path key = tlsKey;
        if (cert == null) {
            Set<String> hosts = new LinkedHashSet<>();
            specs.stream().filter(s -> s.kind().tls()).forEach(s -> hosts.add(s.host()));
            DevCertificates.Bundle dev = DevCertificates.ensure(dataDir.resolve("tls"), hosts, Clock.systemUTC());
            if (dev.created()) {
                out.println("tls: development CA at " + dev.caCert().toAbsolutePath().normalize());
            }
            cert = dev.serverCert();
            key = dev.serverKey();
        }
        return new TlsSettings(cert, key, tlsChain, tlsClientAuth.toSettings(), tlsClientCa, tlsCrl, RELOAD_INTERVAL);
    }
}
