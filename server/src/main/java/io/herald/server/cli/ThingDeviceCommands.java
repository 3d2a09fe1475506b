package io.herald.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code herald thing command|properties}: the device API ({@code /api/things/{id}/commands}, {@code …/properties}). */
final class ThingDeviceCommands {

    /** The REST API waits at most 60 s for an answer ({@code timeout} 1..60). */
    private static final int MAX_TIMEOUT = 60;

    private ThingDeviceCommands() {}

    /** {@code herald thing command ID --service S --name N --paras JSON [--timeout S | --queued --ttl T]}. */
    @Command(name = "command",
            description = "Send a command to a thing and print its answer (result code, response name, parameters); "
                + "with --queued, store it until the thing is connected and print the queued command.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:the thing answered (its result code says whether it succeeded), or the command was queued",
                "1:the thing is offline (THING_OFFLINE), the server cannot be reached or refused the request",
                "2:bad usage (e.g. --paras is not a JSON object)",
                "3:the thing did not answer within --timeout (COMMAND_TIMEOUT)",
                "4:no such thing", "5:the token is missing, invalid or not an admin's"},
            footerHeading = "%nExamples:%n", footer = {
                "  herald thing command pump-7 --service pump --name SET_SPEED --paras '{\"speed\":3}'",
                "  herald thing command smoke-1 --service smokeDetector --name SILENCE --timeout 5 --json",
                "  herald thing command pump-7 --name REBOOT --queued --ttl 2d"})
    static final class SendCommand extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The thing's id.")
        String id;

        @Option(names = "--service", paramLabel = "SERVICE_ID", description = "The service the command belongs to.")
        String service;

        @Option(names = "--name", paramLabel = "COMMAND_NAME", description = "The command's name.")
        String name;

        @Option(names = "--paras", paramLabel = "JSON", converter = JsonObjectConverter.class,
                description = "The command's parameters, a JSON object (default: {}).")
        ObjectNode paras;

        @Option(names = "--timeout", paramLabel = "SECONDS",
                description = "Seconds to wait for the answer, 1 to 60 (default: the server's, 20).")
        Integer timeout;

        @Option(names = "--queued", description = "Queue the command: sent when the thing is, or next gets, connected.")
        boolean queued;

        @Option(names = "--ttl", paramLabel = "DURATION", converter = TokenCommand.DurationConverter.class,
                description = "How long a queued command lives: seconds or 45s, 90m, 12h, 2d (default: 1 day).")
        Long ttl;

        @Override
        void run(AdminApi client, PrintWriter out) {
            ObjectNode body = body();
            String path = "/api/things/" + AdminApi.segment(id) + "/commands";
            if (queued) {
                printRecord(out, client.post(path, body), QUEUED);
                return;
            }
            int wait = timeout == null ? 20 : timeout;
            JsonNode answer = client.post(path, body, Duration.ofSeconds(wait + 10L));
            if (admin.json) {
                printJson(out, answer);
                return;
            }
            JsonNode response = answer.path("response");
            ObjectNode row = AdminApi.JSON.createObjectNode().put("command_id", answer.path("command_id").asText());
            row.set("response", response);
            ANSWER.printRecord(out, row);
        }

        private ObjectNode body() {
            if (queued && timeout != null) {
                throw new ParameterException(spec.commandLine(), "--timeout is for a command that waits; --queued does not wait");
            }
            if (!queued && ttl != null) {
                throw new ParameterException(spec.commandLine(), "--ttl needs --queued");
            }
            if (timeout != null && (timeout < 1 || timeout > MAX_TIMEOUT)) {
                throw new ParameterException(spec.commandLine(), "--timeout must be 1 to " + MAX_TIMEOUT + " seconds, not " + timeout);
            }
            ObjectNode body = AdminApi.JSON.createObjectNode();
            if (service != null) {
                body.put("service_id", service);
            }
            if (name != null) {
                body.put("command_name", name);
            }
            body.set("paras", paras == null ? AdminApi.JSON.createObjectNode() : paras);
            if (timeout != null) {
                body.put("timeout", timeout);
            }
            if (queued) {
                body.put("mode", "queued");
                if (ttl != null) {
                    body.put("ttl", ttl);
                }
            }
            return body;
        }
    }

    /** {@code herald thing properties ID}. */
    @Command(name = "properties", description = "The latest reported value of every property of a thing, per service.",
            footerHeading = "%nExamples:%n", footer = {
                "  herald thing properties smoke-1",
                "  herald thing properties smoke-1 --json | jq '.services[].properties'"})
    static final class Properties extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The thing's id.")
        String id;

        @Override
        void run(AdminApi client, PrintWriter out) {
            JsonNode answer = client.get("/api/things/" + AdminApi.segment(id) + "/properties");
            if (admin.json) {
                printJson(out, answer);
                return;
            }
            ArrayNode rows = AdminApi.JSON.createArrayNode();
            for (JsonNode service : answer.path("services")) {
                for (Map.Entry<String, JsonNode> p : service.path("properties").properties()) {
                    ObjectNode row = rows.addObject().put("service_id", service.path("service_id").asText())
                            .put("property", p.getKey());
                    row.setAll((ObjectNode) p.getValue());
                }
            }
            PROPERTIES.print(out, rows);
        }
    }

    private static final Table ANSWER = new Table(List.of(
            new Table.Column("COMMAND", r -> Table.text(r, "command_id")),
            new Table.Column("RESULT", r -> Table.text(r.path("response"), "result_code")),
            new Table.Column("RESPONSE", r -> Table.text(r.path("response"), "response_name")),
            new Table.Column("PARAS", r -> json(r.path("response").get("paras")))));

    private static final Table QUEUED = new Table(List.of(
            new Table.Column("COMMAND", r -> Table.text(r, "command_id")),
            new Table.Column("STATUS", r -> Table.text(r, "status")),
            new Table.Column("SERVICE", r -> Table.text(r, "service_id")),
            new Table.Column("NAME", r -> Table.text(r, "command_name")),
            new Table.Column("PARAS", r -> json(r.get("paras"))),
            new Table.Column("EXPIRES", r -> Table.text(r, "expire_time"))));

    private static final Table PROPERTIES = new Table(List.of(
            new Table.Column("SERVICE", r -> Table.text(r, "service_id")),
            new Table.Column("PROPERTY", r -> Table.text(r, "property")),
            new Table.Column("VALUE", r -> json(r.get("value"))),
            new Table.Column("EVENT TIME", r -> Table.text(r, "event_time")),
            new Table.Column("RECEIVED", r -> Table.text(r, "received_at"))));

    /** A JSON value on one line, "-" when absent. */
    private static String json(JsonNode v) {
        return v == null || v.isMissingNode() ? "-" : v.toString();
    }

    /** A JSON object given on the command line. */
    static final class JsonObjectConverter implements CommandLine.ITypeConverter<ObjectNode> {
        @Override
        public ObjectNode convert(String value) {
            JsonNode node;
            try {
                node = AdminApi.JSON.readTree(value);
            } catch (JsonProcessingException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a JSON object ({\"name\": value, …})");
            }
            return (ObjectNode) node;
        }
    }
}
