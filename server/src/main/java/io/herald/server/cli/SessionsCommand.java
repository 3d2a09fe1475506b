package io.herald.server.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald sessions list|kick} over {@code /api/mqtt/sessions}. */
@Command(name = "sessions", description = "List MQTT sessions and kick clients.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Kick.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:done", "1:the server cannot be reached or refused the request", "2:bad usage",
            "4:no such session", "5:the token given with --token is invalid or not an admin's"},
        footerHeading = "%nExamples:%n", footer = {
            "  herald sessions list",
            "  herald sessions list --client-id sensor- --all",
            "  herald sessions kick sensor-17 --discard"})
public final class SessionsCommand extends AdminGroup {

    static final Table TABLE = new Table(List.of(
            new Table.Column("CLIENT ID", r -> Table.text(r, "clientId")),
            new Table.Column("PRINCIPAL", r -> r.has("principal")
                    ? r.path("principal").path("kind").asText() + ":" + r.path("principal").path("id").asText() : "-"),
            new Table.Column("CONNECTED", r -> r.path("connected").asBoolean() ? "yes" : "no"),
            new Table.Column("PROTOCOL", r -> switch (r.path("protocolLevel").asInt()) {
                case 3 -> "3.1";
                case 4 -> "3.1.1";
                case 5 -> "5";
                default -> "-";
            }),
            new Table.Column("TRANSPORT", r -> Table.text(r, "transport")),
            new Table.Column("SINCE", r -> Table.text(r, "connectedSince")),
            new Table.Column("QUEUED", r -> Table.text(r, "queued")),
            new Table.Column("SUBSCRIPTIONS", r -> {
                StringBuilder b = new StringBuilder();
                r.path("subscriptions").forEach(s -> b.append(b.isEmpty() ? "" : " ").append(s.asText()));
                return b.isEmpty() ? "-" : b.toString();
            })));

    /** {@code herald sessions list}. */
    @Command(name = "list", description = "List connected sessions (with --all also offline persistent ones).",
            footerHeading = "%nExamples:%n", footer = {"  herald sessions list", "  herald sessions list --client-id sensor- --all --json"})
    static final class ListSessions extends AdminCommand {
        @CommandLine.Mixin
        Paging paging;

        @Option(names = "--client-id", paramLabel = "PREFIX", description = "Only client ids starting with PREFIX.")
        String prefix;

        @Option(names = "--all", description = "Also offline persistent sessions.")
        boolean all;

        @Override
        void run(AdminApi client, PrintWriter out) {
            String query = paging.query() + (all ? "" : "&connected=true")
                    + (prefix == null ? "" : "&clientId=" + AdminApi.segment(prefix));
            printList(out, client.get("/api/mqtt/sessions" + query), "sessions", TABLE);
        }
    }

    /** {@code herald sessions kick CLIENT_ID}. */
    @Command(name = "kick", description = "Disconnect a client; with --discard also drop its persistent session and queue.",
            footerHeading = "%nExamples:%n", footer = {"  herald sessions kick sensor-17", "  herald sessions kick sensor-17 --discard"})
    static final class Kick extends AdminCommand {
        @Parameters(paramLabel = "CLIENT_ID", description = "The MQTT client id.")
        String clientId;

        @Option(names = "--discard", description = "Also discard the session and its queued messages.")
        boolean discard;

        @Override
        void run(AdminApi client, PrintWriter out) {
            client.delete("/api/mqtt/sessions/" + AdminApi.segment(clientId) + (discard ? "?discard=true" : ""));
            done(out, (discard ? "kicked and discarded " : "kicked ") + clientId);
        }
    }
}
