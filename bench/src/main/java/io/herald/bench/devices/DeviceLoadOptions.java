package io.herald.bench.devices;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one device load run does (see {@link #USAGE}). Validated on construction. Immutable.
 *
 * @param mode synchronous commands over REST, or property reports over MQTT
 * @param mqttPort the broker's plain MQTT port on {@code host}
 * @param httpPort the platform's REST API (plain HTTP) on {@code host}
 * @param token an admin token of the REST API
 * @param things how many things to create over REST (ignored when {@code thingsFile} is given)
 * @param thingsFile lines {@code thingID secret} of existing things; null to create them
 * @param huawei log in with Huawei's scheme (client id {@code {id}_0_0_{hour}}, HMAC password) instead of
 *     the thing id and secret as user name and password
 * @param protocol 4 (MQTT 3.1.1) or 5
 * @param rate commands per second (commands mode)
 * @param warmup commands sent at the rate before measuring (commands mode)
 * @param duration how long commands are measured, or things report
 * @param commandTimeout the {@code timeout} each command asks the platform to wait for the answer
 * @param inflight reports a thing keeps unacknowledged (reports mode; 1: next report on PUBACK)
 * @param historyCount property values the server keeps per thing (its {@code --property-history-count}),
 *     to know how many the read-back should find (reports mode)
 */
public record DeviceLoadOptions(Mode mode, String host, int mqttPort, int httpPort, String token, int things,
        Path thingsFile, boolean huawei, int protocol, int rate, Duration warmup, Duration duration,
        Duration commandTimeout, int inflight, int historyCount) {

    /** What is measured. */
    public enum Mode { COMMANDS, REPORTS }

    public static final String USAGE = """
            usage: DeviceLoad commands|reports --token ADMIN-TOKEN [options]
              --host HOST             broker and REST API host (default 127.0.0.1)
              --mqtt-port PORT        MQTT port (default 1883)
              --http-port PORT        REST API port (default 8080)
              --token TOKEN           admin token of the REST API (required)
              --things N              things to create over REST (default 1000)
              --things-file FILE      use existing things instead: one "thingID secret" per line
              --huawei                log in with Huawei's scheme (client id {id}_0_0_{hour}, HMAC-SHA256 password)
              --mqtt 3.1.1|5          MQTT version of the things (default: 3.1.1 for commands, 5 for reports)
              --rate N                commands per second (commands; default 500)
              --warmup SECONDS        commands at the rate before measuring (commands; default 5)
              --duration SECONDS      measured commands, or reporting time (default 20)
              --command-timeout S     timeout each command asks for, 1..60 (commands; default 10)
              --inflight N            unacknowledged reports per thing (reports; default 1)
              --history-count N       the server's --property-history-count (reports; default 1000, its default)
            """;

    public DeviceLoadOptions {
        List<String> errors = new ArrayList<>();
        if (mode == null) {
            errors.add("the mode must be commands or reports");
        }
        if (token == null || token.isBlank()) {
            errors.add("--token is required");
        }
        if (thingsFile == null && (things < 1 || things > 1_000_000)) {
            errors.add("--things must be 1..1000000");
        }
        if (protocol != 4 && protocol != 5) {
            errors.add("--mqtt must be 3.1.1 or 5");
        }
        if (rate < 1 || rate > 1_000_000) {
            errors.add("--rate must be 1..1000000");
        }
        if (warmup.isNegative()) {
            errors.add("--warmup must not be negative");
        }
        if (duration.isNegative() || duration.isZero()) {
            errors.add("--duration must be positive");
        }
        if (commandTimeout.compareTo(Duration.ofSeconds(1)) < 0 || commandTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            errors.add("--command-timeout must be 1..60 seconds (the platform's bounds)");
        }
        if (inflight < 1 || inflight > 1000) {
            errors.add("--inflight must be 1..1000");
        }
        if (historyCount < 1) {
            errors.add("--history-count must be positive");
        }
        checkPort("--mqtt-port", mqttPort, errors);
        checkPort("--http-port", httpPort, errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }

    /** Parses the command line; a clear {@link IllegalArgumentException} for anything wrong. */
    public static DeviceLoadOptions parse(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no mode given");
        }
        Mode mode = switch (args[0]) {
            case "commands" -> Mode.COMMANDS;
            case "reports" -> Mode.REPORTS;
            default -> throw new IllegalArgumentException("unknown mode '" + args[0] + "': commands or reports");
        };
        String host = "127.0.0.1";
        int mqttPort = 1883;
        int httpPort = 8080;
        String token = null;
        int things = 1000;
        Path file = null;
        boolean huawei = false;
        int protocol = mode == Mode.COMMANDS ? 4 : 5;
        int rate = 500;
        long warmup = 5;
        long duration = 20;
        long timeout = 10;
        int inflight = 1;
        int historyCount = 1000;
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--huawei")) {
                huawei = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = args[++i];
            switch (flag) {
                case "--host" -> host = v;
                case "--mqtt-port" -> mqttPort = number(flag, v);
                case "--http-port" -> httpPort = number(flag, v);
                case "--token" -> token = v;
                case "--things" -> things = number(flag, v);
                case "--things-file" -> file = Path.of(v);
                case "--mqtt" -> protocol = switch (v) {
                    case "3.1.1", "4" -> 4;
                    case "5" -> 5;
                    default -> throw new IllegalArgumentException("--mqtt must be 3.1.1 or 5, not '" + v + "'");
                };
                case "--rate" -> rate = number(flag, v);
                case "--warmup" -> warmup = number(flag, v);
                case "--duration" -> duration = number(flag, v);
                case "--command-timeout" -> timeout = number(flag, v);
                case "--inflight" -> inflight = number(flag, v);
                case "--history-count" -> historyCount = number(flag, v);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new DeviceLoadOptions(mode, host, mqttPort, httpPort, token, things, file, huawei, protocol, rate,
                Duration.ofSeconds(warmup), Duration.ofSeconds(duration), Duration.ofSeconds(timeout), inflight,
                historyCount);
    }

    private static int number(String flag, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, not '" + v + "'");
        }
    }

    private static void checkPort(String flag, int port, List<String> errors) {
        if (port < 1 || port > 65_535) {
            errors.add(flag + " must be 1..65535");
        }
    }
}
