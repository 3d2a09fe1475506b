package io.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald token create|list|show|revoke}: flespi-style tokens over {@code /api/tokens}. */
@Command(name = "token", description = "Create, list, show and revoke tokens (the token is an MQTT user name).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Show.class,
            TokenCommand.Revoke.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:done", "1:the server cannot be reached or refused the request", "2:bad usage",
            "4:no such token", "5:the token given with --token is invalid or not an admin's"},
        footerHeading = "%nExamples:%n", footer = {
            "  export HERALD_URL=http://127.0.0.1:8080 HERALD_TOKEN=<admin token>",
            "  herald token create --acl 'subscribe:project/#' --ttl 30d --info 'project app'",
            "  herald token list --json | jq -r '.tokens[].id'",
            "  herald token revoke 5f2c0a…"})
public final class TokenCommand extends AdminGroup {

    static final Table TABLE = new Table(List.of(
            new Table.Column("ID", r -> Table.text(r, "id")),
            new Table.Column("INFO", r -> Table.text(r, "info")),
            new Table.Column("KIND", r -> r.path("admin").asBoolean() ? "admin" : r.path("api").asBoolean() ? "mqtt+api" : "mqtt"),
            new Table.Column("ACL", Table::acl),
            new Table.Column("EXPIRES", r -> r.hasNonNull("expires") ? Table.time(r, "expires") : "never"),
            new Table.Column("CREATED", r -> Table.time(r, "created"))));

    /** {@code herald token create}. */
    @Command(name = "create", description = "Create a token; it is printed once, keep it.",
            footerHeading = "%nExamples:%n", footer = {
                "  herald token create --acl 'subscribe:project/#' --ttl 30d",
                "  herald token create --acl 'publish,subscribe:devices/+/state' --acl subscribe:news --ttl 12h",
                "  herald token create --admin --info 'ops laptop'",
                "  TOKEN=$(herald token create --acl 'publish:ingest/#' --json | jq -r .token)"})
    static final class Create extends AdminCommand {

        @Option(names = "--acl", paramLabel = "ACTIONS:FILTER", converter = AclEntryConverter.class,
                description = "An ACL entry, repeatable: publish, subscribe or publish,subscribe, a colon, a topic filter.")
        List<ObjectNode> acl = new ArrayList<>();

        @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Lifetime: 3600, 45s, 90m, 12h, 30d or 2w (default: never expires).")
        Long ttl;

        @Option(names = "--info", description = "A description, up to 1024 characters.")
        String info;

        @Option(names = "--api", description = "The token may also call the REST API within its ACL.")
        boolean api;

        @Option(names = "--admin", description = "An admin token: everything, no ACL needed.")
        boolean adminToken;

        @Override
        void run(AdminApi client, PrintWriter out) {
            if (acl.isEmpty() && !adminToken) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give at least one --acl, or --admin");
            }
            ObjectNode body = AdminApi.JSON.createObjectNode();
            ArrayNode entries = body.putArray("acl");
            acl.forEach(entries::add);
            if (ttl != null) {
                body.put("ttl", ttl);
            }
            if (info != null) {
                body.put("info", info);
            }
            if (api) {
                body.put("api", true);
            }
            if (adminToken) {
                body.put("admin", true);
            }
            JsonNode created = client.post("/api/tokens", body);
            if (admin.json) {
                printJson(out, created);
                return;
            }
            TABLE.printRecord(out, created);
            out.println("TOKEN    " + created.path("token").asText() + "   (shown once: keep it)");
        }
    }

    /** {@code herald token list}. */
    @Command(name = "list", description = "List tokens in creation order, without their secrets.",
            footerHeading = "%nExamples:%n", footer = {"  herald token list", "  herald token list --limit 10 --offset 20 --json"})
    static final class ListTokens extends AdminCommand {
        @CommandLine.Mixin
        Paging paging;

        @Override
        void run(AdminApi client, PrintWriter out) {
            printList(out, client.get("/api/tokens" + paging.query()), "tokens", TABLE);
        }
    }

    /** {@code herald token show ID}. */
    @Command(name = "show", description = "Show one token, without its secret.",
            footerHeading = "%nExamples:%n", footer = {"  herald token show 5f2c0a…"})
    static final class Show extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The token's id (not the token itself).")
        String id;

        @Override
        void run(AdminApi client, PrintWriter out) {
            printRecord(out, client.get("/api/tokens/" + AdminApi.segment(id)), TABLE);
        }
    }

    /** {@code herald token revoke ID}. */
    @Command(name = "revoke", description = "Revoke a token; connections that logged in with it are closed.",
            footerHeading = "%nExamples:%n", footer = {"  herald token revoke 5f2c0a…"})
    static final class Revoke extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The token's id.")
        String id;

        @Override
        void run(AdminApi client, PrintWriter out) {
            client.delete("/api/tokens/" + AdminApi.segment(id));
            done(out, "revoked token " + id);
        }
    }

    /** {@code publish:a/b}, {@code subscribe:project/#}, {@code publish,subscribe:x/+} → an ACL entry. */
    static final class AclEntryConverter implements CommandLine.ITypeConverter<ObjectNode> {
        @Override
        public ObjectNode convert(String value) {
            int colon = value.indexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not ACTIONS:FILTER (e.g. subscribe:project/# or publish,subscribe:devices/+/state)");
            }
            ObjectNode entry = AdminApi.JSON.createObjectNode().put("topic", value.substring(colon + 1));
            ArrayNode actions = entry.putArray("actions");
            for (String action : value.substring(0, colon).split(",")) {
                String a = action.strip().toLowerCase(Locale.ROOT);
                if (!a.equals("publish") && !a.equals("subscribe")) {
                    throw new CommandLine.TypeConversionException("'" + action + "' in '" + value
                            + "' is not an action: use publish, subscribe or publish,subscribe");
                }
                actions.add(a);
            }
            return entry;
        }
    }

    /** 3600, 45s, 90m, 12h, 30d, 2w → seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            long unit = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86_400;
                case 'w' -> 604_800;
                default -> 0;
            };
            String digits = unit == 0 ? v : v.substring(0, v.length() - 1);
            try {
                long n = Long.parseLong(digits);
                if (n <= 0) {
                    throw new NumberFormatException();
                }
                return Math.multiplyExact(n, unit == 0 ? 1 : unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a duration: use seconds or a number with s, m, h, d or w (30d)");
            }
        }
    }
}
