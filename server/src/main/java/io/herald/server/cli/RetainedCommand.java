package io.herald.server.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald retained list|delete} over {@code /api/mqtt/retained}. */
@Command(name = "retained", description = "List and clear retained messages.",
        subcommands = {RetainedCommand.ListRetained.class, RetainedCommand.Delete.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:done", "1:the server cannot be reached or refused the request", "2:bad usage",
            "4:no retained message on that topic", "5:the token given with --token is invalid or not an admin's"},
        footerHeading = "%nExamples:%n", footer = {
            "  herald retained list",
            "  herald retained list --filter 'sensors/+/temp'",
            "  herald retained delete sensors/kitchen/temp"})
public final class RetainedCommand extends AdminGroup {

    static final Table TABLE = new Table(List.of(
            new Table.Column("TOPIC", r -> Table.text(r, "topic")),
            new Table.Column("QOS", r -> Table.text(r, "qos")),
            new Table.Column("BYTES", r -> Table.text(r, "payloadSize"))));

    /** {@code herald retained list}. */
    @Command(name = "list", description = "List retained messages whose topic matches a filter, without payloads.",
            footerHeading = "%nExamples:%n", footer = {"  herald retained list --filter 'sensors/#' --json"})
    static final class ListRetained extends AdminCommand {
        @Option(names = "--filter", defaultValue = "#", description = "A topic filter (default: ${DEFAULT-VALUE}).")
        String filter;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many, 1 to 1000 (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        void run(AdminApi client, PrintWriter out) {
            if (limit < 1 || limit > 1000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 1..1000");
            }
            printList(out, client.get("/api/mqtt/retained?limit=" + limit + "&filter=" + AdminApi.segment(filter)),
                    "messages", TABLE);
        }
    }

    /** {@code herald retained delete TOPIC}. */
    @Command(name = "delete", description = "Clear the retained message of a topic.",
            footerHeading = "%nExamples:%n", footer = {"  herald retained delete sensors/kitchen/temp"})
    static final class Delete extends AdminCommand {
        @Parameters(paramLabel = "TOPIC", description = "The topic (not a filter).")
        String topic;

        @Override
        void run(AdminApi client, PrintWriter out) {
            client.delete("/api/mqtt/retained/" + AdminApi.segment(topic));
            done(out, "cleared the retained message of " + topic);
        }
    }
}
