package io.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald thing create|list|show|delete} over {@code /api/things}. */
@Command(name = "thing", description = "Register, list, show and delete things (devices).",
        subcommands = {ThingCommand.Create.class, ThingCommand.ListThings.class, ThingCommand.Show.class,
            ThingCommand.Delete.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:done", "1:the server cannot be reached or refused the request (e.g. the id is taken)",
            "2:bad usage", "4:no such thing", "5:the token given with --token is invalid or not an admin's"},
        footerHeading = "%nExamples:%n", footer = {
            "  herald thing create pump-7 --acl 'publish:devices/pump-7/#'",
            "  herald thing list",
            "  herald thing delete pump-7"})
public final class ThingCommand extends AdminGroup {

    static final Table TABLE = new Table(List.of(
            new Table.Column("ID", r -> Table.text(r, "thingID")),
            new Table.Column("ACL", Table::acl),
            new Table.Column("CERTIFICATE", r -> Table.text(r, "certFingerprint")),
            new Table.Column("CREATED", r -> Table.time(r, "created"))));

    /** {@code herald thing create [ID]}. */
    @Command(name = "create", description = "Register a thing; its secret (generated unless given) is printed once.",
            footerHeading = "%nExamples:%n", footer = {
                "  herald thing create pump-7",
                "  herald thing create pump-7 --acl 'publish:devices/pump-7/#' --acl 'subscribe:commands/pump-7'",
                "  herald thing create pump-7 --cert-fingerprint 3A:…:9F"})
    static final class Create extends AdminCommand {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "1 to 64 of A-Z a-z 0-9 . _ : - (default: generated).")
        String id;

        @Option(names = "--secret", description = "The secret, 8 to 256 characters (default: generated).")
        String secret;

        @Option(names = "--cert-fingerprint", paramLabel = "SHA256",
                description = "SHA-256 of the thing's client certificate (DER), hex, colons allowed.")
        String fingerprint;

        @Option(names = "--acl", paramLabel = "ACTIONS:FILTER", converter = TokenCommand.AclEntryConverter.class,
                description = "An ACL entry, repeatable, as in 'herald token create'.")
        List<ObjectNode> acl = new ArrayList<>();

        @Override
        void run(AdminApi client, PrintWriter out) {
            ObjectNode body = AdminApi.JSON.createObjectNode();
            if (id != null) {
                body.put("thingID", id);
            }
            if (secret != null) {
                body.put("secret", secret);
            }
            if (fingerprint != null) {
                body.put("certFingerprint", fingerprint);
            }
            if (!acl.isEmpty()) {
                acl.forEach(body.putArray("acl")::add);
            }
            JsonNode created = client.post("/api/things", body);
            if (admin.json) {
                printJson(out, created);
                return;
            }
            out.println("ID      " + created.path("thingID").asText());
            out.println("SECRET  " + created.path("secret").asText() + "   (shown once: keep it)");
        }
    }

    /** {@code herald thing list}. */
    @Command(name = "list", description = "List things in id order.",
            footerHeading = "%nExamples:%n", footer = {"  herald thing list", "  herald thing list --json | jq -r '.things[].thingID'"})
    static final class ListThings extends AdminCommand {
        @CommandLine.Mixin
        Paging paging;

        @Override
        void run(AdminApi client, PrintWriter out) {
            printList(out, client.get("/api/things" + paging.query()), "things", TABLE);
        }
    }

    /** {@code herald thing show ID}. */
    @Command(name = "show", description = "Show one thing, without its secret.",
            footerHeading = "%nExamples:%n", footer = {"  herald thing show pump-7"})
    static final class Show extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The thing's id.")
        String id;

        @Override
        void run(AdminApi client, PrintWriter out) {
            printRecord(out, client.get("/api/things/" + AdminApi.segment(id)), TABLE);
        }
    }

    /** {@code herald thing delete ID}. */
    @Command(name = "delete", description = "Delete a thing; its connections are closed.",
            footerHeading = "%nExamples:%n", footer = {"  herald thing delete pump-7"})
    static final class Delete extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The thing's id.")
        String id;

        @Override
        void run(AdminApi client, PrintWriter out) {
            client.delete("/api/things/" + AdminApi.segment(id));
            done(out, "deleted thing " + id);
        }
    }
}
