package io.herald.server.cli;

import io.herald.client.HeraldMqttClient;
import io.herald.client.HeraldMqttClientBuilder;
import io.herald.client.ProtocolVersion;
import io.herald.client.ServerAddress;
import io.herald.client.TlsConfig;
import io.herald.client.Transport;
import io.herald.client.UserProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The connection options {@code herald pub} and {@code herald sub} share, named as in mosquitto_pub
 * and mosquitto_sub. Not thread-safe: picocli fills it, the command reads it.
 */
final class MqttCliOptions {

    /** How to reach the server. */
    enum TransportName {
        tcp(Transport.TCP, 1883),
        tls(Transport.TLS, 8883),
        ws(Transport.WS, 8083),
        wss(Transport.WSS, 8084);

        final Transport transport;
        final int defaultPort;

        TransportName(Transport transport, int defaultPort) {
            this.transport = transport;
            this.defaultPort = defaultPort;
        }
    }

    /** Converts mqttv31, mqttv311, mqttv5 (or 3, 4, 5, 31, 311) to a protocol version. */
    static final class VersionConverter implements CommandLine.ITypeConverter<ProtocolVersion> {
        @Override
        public ProtocolVersion convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "mqttv31", "31", "3" -> ProtocolVersion.MQTT_3_1;
                case "mqttv311", "311", "4" -> ProtocolVersion.MQTT_3_1_1;
                case "mqttv5", "5" -> ProtocolVersion.MQTT_5;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a protocol version; use mqttv31, mqttv311 or mqttv5");
            };
        }
    }

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-h", "--host"}, defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, description = "Server port (default: 1883 tcp, 8883 tls, 8083 ws, 8084 wss).")
    Integer port;

    @Option(names = "--transport", description = "tcp, tls, ws or wss (default: tcp, or tls when --cafile or --cert is given).")
    TransportName transport;

    @Option(names = "--ws-path", defaultValue = "/mqtt", description = "HTTP path for ws and wss (default: ${DEFAULT-VALUE}).")
    String wsPath;

    @Option(names = "--cafile", paramLabel = "FILE", description = "PEM CA certificate(s) to trust for TLS; without it the JDK's trusted CAs.")
    Path caFile;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate for TLS client authentication.")
    Path certFile;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM PKCS#8 private key of --cert.")
    Path keyFile;

    @Option(names = "--insecure", description = "Do not check that the server certificate names the host.")
    boolean insecure;

    @Option(names = {"-u", "--username"}, description = "User name.")
    String username;

    @Option(names = {"-P", "--pw"}, description = "Password.")
    String password;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "A Herald token ('herald token create'; default: HERALD_TOKEN), sent as the user name; --username wins.")
    String token;

    @Option(names = {"-i", "--id"}, description = "Client id (default: herald_ and 8 random digits).")
    String clientId;

    @Option(names = {"-V", "--protocol-version"}, defaultValue = "mqttv311", converter = VersionConverter.class,
            description = "mqttv31, mqttv311 or mqttv5 (default: ${DEFAULT-VALUE}).")
    ProtocolVersion version;

    @Option(names = {"-k", "--keepalive"}, defaultValue = "60", description = "Keep alive in seconds, 0 to 65535 (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "--connect-timeout", defaultValue = "10", description = "Seconds to wait for the connection (default: ${DEFAULT-VALUE}).")
    int connectTimeout;

    @Option(names = {"-D", "--user-property"}, paramLabel = "NAME=VALUE",
            description = "MQTT 5 user property, repeatable (pub: on each message; sub: on CONNECT).")
    List<String> userProperties = new ArrayList<>();

    /** A client builder for these options; a bad value is a {@link ParameterException} (exit code 2). */
    HeraldMqttClientBuilder builder() {
        TransportName t = transport != null ? transport
                : caFile != null || certFile != null ? TransportName.tls : TransportName.tcp;
        int p = port != null ? port : t.defaultPort;
        check(p >= 1 && p <= 65_535, "--port must be 1..65535");
        check(keepAlive >= 0 && keepAlive <= 65_535, "--keepalive must be 0..65535");
        check(connectTimeout > 0, "--connect-timeout must be positive");
        check(t.transport.secure() || caFile == null && certFile == null && keyFile == null,
                "--cafile, --cert and --key need --transport tls or wss");
        check((certFile == null) == (keyFile == null), "--cert and --key go together");
        String user = username != null ? username : token;
        check(password == null || user != null || version == ProtocolVersion.MQTT_5,
                "--pw needs --username on MQTT 3");
        check(userProperties.isEmpty() || version == ProtocolVersion.MQTT_5, "-D user properties need -V mqttv5");
        ServerAddress server;
        try {
            server = new ServerAddress(t.transport, host, p, wsPath);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        HeraldMqttClientBuilder b = HeraldMqttClient.builder().server(server).protocolVersion(version)
                .keepAlive(Duration.ofSeconds(keepAlive)).connectTimeout(Duration.ofSeconds(connectTimeout))
                .username(user).password(password);
        if (clientId != null) {
            b.clientId(clientId);
        }
        if (t.transport.secure()) {
            b.tls(new TlsConfig(read(caFile, "--cafile"), read(certFile, "--cert"), read(keyFile, "--key"), !insecure));
        }
        return b;
    }

    /** The -D options as user properties. */
    List<UserProperty> userProperties() {
        List<UserProperty> out = new ArrayList<>();
        for (String p : userProperties) {
            int eq = p.indexOf('=');
            check(eq > 0, "-D needs NAME=VALUE, not '" + p + "'");
            out.add(new UserProperty(p.substring(0, eq), p.substring(eq + 1)));
        }
        return out;
    }

    void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    private String read(Path file, String option) {
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + option + " " + file + ": " + e);
        }
    }
}
