package io.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald install user|thing|show|endpoint|delete} over {@code /api/installations} (MQTT push). */
@Command(name = "install", description = "Install users and things for MQTT push, show an installation, fetch its endpoint, uninstall.",
        subcommands = {InstallCommand.User.class, InstallCommand.Thing.class, InstallCommand.Show.class,
            InstallCommand.Endpoint.class, InstallCommand.Delete.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:done", "1:the server cannot be reached or refused the request (push not running, the endpoint not ready in time)",
            "2:bad usage", "4:no such user, thing or installation", "5:the token is missing, invalid or not an admin's"},
        footerHeading = "%nExamples:%n", footer = {
            "  herald install user 4f1c…",
            "  herald install thing pump-7 --development",
            "  herald install endpoint 9a0b…            # fresh credentials: host, ports, username, password, topic",
            "  herald install delete MQTT:3c5d…"})
public final class InstallCommand extends AdminGroup {

    static final Table INSTALLATION = new Table(List.of(
            new Table.Column("INSTALLATION", r -> Table.text(r, "installationID")),
            new Table.Column("REGISTRATION", r -> Table.text(r, "installationRegistrationID")),
            new Table.Column("OWNER", r -> r.hasNonNull("userID") ? "user " + r.path("userID").asText()
                    : r.hasNonNull("thingID") ? "thing " + r.path("thingID").asText() : "-"),
            new Table.Column("ENVIRONMENT", r -> !r.has("development") ? "-"
                    : r.path("development").asBoolean() ? "development" : "production")));

    static final Table ENDPOINT = new Table(List.of(
            new Table.Column("INSTALLATION", r -> Table.text(r, "installationID")),
            new Table.Column("HOST", r -> Table.text(r, "host")),
            new Table.Column("PORTS", r -> "tcp " + r.path("portTCP").asInt() + ", tls " + r.path("portSSL").asInt()
                    + ", ws " + r.path("portWS").asInt() + ", wss " + r.path("portWSS").asInt() + " (0: not offered)"),
            new Table.Column("CLIENT ID", r -> Table.text(r, "mqttTopic")),
            new Table.Column("USERNAME", r -> Table.text(r, "username")),
            new Table.Column("PASSWORD", r -> Table.text(r, "password")),
            new Table.Column("TOPIC", r -> Table.text(r, "mqttTopic")),
            new Table.Column("TTL", r -> r.path("ttl").asLong() + " s")));

    /** Install one owner: 201 a new installation, 200 the owner's existing one. */
    abstract static class Installer extends AdminCommand {
        @Option(names = "--development", description = "A development installation (pushes may target development or production).")
        boolean development;

        void install(AdminApi client, PrintWriter out, String field, String id) {
            ObjectNode body = AdminApi.JSON.createObjectNode().put("deviceType", "MQTT").put("development", development)
                    .put(field, id);
            JsonNode created = client.post("/api/installations", body);
            if (admin.json) {
                printJson(out, created);
                return;
            }
            ObjectNode row = ((ObjectNode) created.deepCopy()).put(field, id).put("development", development);
            INSTALLATION.printRecord(out, row);
        }
    }

    /** {@code herald install user USER_ID}. */
    @Command(name = "user", description = "Install a user for MQTT push (a user has one installation: again answers it).",
            footerHeading = "%nExamples:%n", footer = {"  herald install user 4f1c…", "  herald install user 4f1c… --json | jq -r .installationID"})
    static final class User extends Installer {
        @Parameters(paramLabel = "USER_ID", description = "The user's id (herald user list).")
        String id;

        @Override
        void run(AdminApi client, PrintWriter out) {
            install(client, out, "userID", id);
        }
    }

    /** {@code herald install thing THING_ID}. */
    @Command(name = "thing", description = "Install a thing for MQTT push (a thing has one installation: again answers it).",
            footerHeading = "%nExamples:%n", footer = {"  herald install thing pump-7"})
    static final class Thing extends Installer {
        @Parameters(paramLabel = "THING_ID", description = "The thing's id.")
        String id;

        @Override
        void run(AdminApi client, PrintWriter out) {
            install(client, out, "thingID", id);
        }
    }

    /** {@code herald install show REF}. */
    @Command(name = "show", description = "Show an installation by its id or MQTT:registration id.",
            footerHeading = "%nExamples:%n", footer = {"  herald install show 9a0b…", "  herald install show MQTT:3c5d…"})
    static final class Show extends AdminCommand {
        @Parameters(paramLabel = "REF", description = "The installation id, or MQTT:registration id.")
        String ref;

        @Override
        void run(AdminApi client, PrintWriter out) {
            printRecord(out, client.get("/api/installations/" + AdminApi.segment(ref)), INSTALLATION);
        }
    }

    /** {@code herald install endpoint ID}: fresh credentials, waiting while the endpoint is provisioned. */
    @Command(name = "endpoint",
            description = "Fetch the installation's MQTT endpoint with fresh credentials (the previous password stops "
                + "working for new connections); waits while it is being provisioned.",
            footerHeading = "%nExamples:%n", footer = {
                "  herald install endpoint 9a0b…",
                "  ep=$(herald install endpoint 9a0b… --json); mosquitto_sub -h $(jq -r .host <<<\"$ep\") \\",
                "      -p $(jq -r .portTCP <<<\"$ep\") -i $(jq -r .mqttTopic <<<\"$ep\") -u $(jq -r .username <<<\"$ep\") \\",
                "      -P $(jq -r .password <<<\"$ep\") -t $(jq -r .mqttTopic <<<\"$ep\") -c -q 1"})
    static final class Endpoint extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The installation id.")
        String id;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
                description = "How long to wait while the endpoint is provisioned (default: ${DEFAULT-VALUE}).")
        int wait;

        @Override
        void run(AdminApi client, PrintWriter out) {
            long deadline = System.nanoTime() + wait * 1_000_000_000L;
            while (true) {
                try {
                    printRecord(out, client.get("/api/installations/" + AdminApi.segment(id) + "/mqtt-endpoint"), ENDPOINT);
                    return;
                } catch (AdminFailure f) {
                    if (!"MQTT_ENDPOINT_NOT_READY".equals(f.errorCode()) || System.nanoTime() > deadline) {
                        throw f;
                    }
                }
                try {
                    Thread.sleep(1000); // the server's Retry-After is a second or more
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AdminFailure(ExitCodes.FAILURE, "interrupted");
                }
            }
        }
    }

    /** {@code herald install delete REF}. */
    @Command(name = "delete", description = "Uninstall: its credentials stop working, its connection is closed, its queue discarded.",
            footerHeading = "%nExamples:%n", footer = {"  herald install delete 9a0b…"})
    static final class Delete extends AdminCommand {
        @Parameters(paramLabel = "REF", description = "The installation id, or MQTT:registration id.")
        String ref;

        @Override
        void run(AdminApi client, PrintWriter out) {
            client.delete("/api/installations/" + AdminApi.segment(ref));
            done(out, "uninstalled " + ref);
        }
    }
}
