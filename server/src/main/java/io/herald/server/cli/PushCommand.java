package io.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code herald push user|thing|topic ID… -d KEY=VALUE…}: a push per target over
 * {@code /api/users|things|topics/{id}/push/messages}, with its matched and queued counts, and with
 * {@code --wait} its delivery from {@code /api/push/messages/{id}}.
 */
@Command(name = "push", description = "Push a message to users, things, or a push topic's subscribers (their MQTT installations).",
        subcommands = {PushCommand.ToUser.class, PushCommand.ToThing.class, PushCommand.ToTopic.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:pushed (and with --wait: every matched installation got it)",
            "1:the server cannot be reached or refused the request (bad data, push not running)", "2:bad usage",
            "3:--wait: not every matched installation got it in time", "4:no such user, thing or topic",
            "5:the token is missing, invalid or not an admin's"},
        footerHeading = "%nExamples:%n", footer = {
            "  herald push user 4f1c… -d title='Build finished' -d category=ci",
            "  herald push thing pump-7 -d command=refresh --expiry 3600",
            "  herald push topic news --data-json '{\"title\":\"Hello\",\"category\":\"news\"}' --wait 10",
            "  herald user list --json | jq -r '.users[].userID' | xargs herald push user -d title=Maintenance"})
public final class PushCommand extends AdminGroup {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private static final Table SENT = new Table(List.of(
            new Table.Column("TARGET", r -> Table.text(r, "target")),
            new Table.Column("PUSH ID", r -> Table.text(r, "pushMessageID")),
            new Table.Column("MATCHED", r -> Table.text(r, "matched")),
            new Table.Column("QUEUED", r -> Table.text(r, "queued"))));

    private static final Table FOLLOWED = new Table(List.of(
            new Table.Column("TARGET", r -> Table.text(r, "target")),
            new Table.Column("PUSH ID", r -> Table.text(r, "pushMessageID")),
            new Table.Column("MATCHED", r -> Table.text(r, "matched")),
            new Table.Column("QUEUED", r -> Table.text(r, "queued")),
            new Table.Column("DELIVERED", r -> Table.text(r, "delivered")),
            new Table.Column("ACKNOWLEDGED", r -> Table.text(r, "acknowledged")),
            new Table.Column("EXPIRED", r -> Table.text(r, "expired")),
            new Table.Column("DROPPED", r -> Table.text(r, "dropped"))));

    /** One push per target; progress on stderr when there are many. */
    abstract static class Pusher extends AdminCommand {
        @Option(names = {"-d", "--data"}, paramLabel = "KEY=VALUE",
                description = "A data field, repeatable; numbers, true, false and null stay JSON, anything else is a string.")
        Map<String, String> data = new java.util.LinkedHashMap<>();

        @Option(names = "--data-json", paramLabel = "JSON", converter = ThingDeviceCommands.JsonObjectConverter.class,
                description = "Data as a flat JSON object (merged with -d).")
        ObjectNode dataJson;

        @Option(names = "--expiry", paramLabel = "DURATION", converter = TokenCommand.DurationConverter.class,
                description = "How long the push waits for an offline installation: seconds or 90m, 12h, 2d (default: the server's).")
        Long expiry;

        @Option(names = "--no-development", description = "Do not push to development installations.")
        boolean noDevelopment;

        @Option(names = "--no-production", description = "Do not push to production installations.")
        boolean noProduction;

        @Option(names = "--wait", paramLabel = "SECONDS",
                description = "Wait up to this long until every matched installation got the push, then show its delivery.")
        Integer wait;

        abstract List<String> targets();

        abstract String path(String target);

        @Override
        void run(AdminApi client, PrintWriter out) {
            ObjectNode body = body();
            List<String> targets = targets();
            ArrayNode results = AdminApi.JSON.createArrayNode();
            int every = Math.max(1, targets.size() / 10);
            for (int i = 0; i < targets.size(); i++) {
                String target = targets.get(i);
                ObjectNode sent = (ObjectNode) client.post(path(target), body);
                results.add(sent);
                if (targets.size() > 1 && ((i + 1) % every == 0 || i + 1 == targets.size())) {
                    spec.commandLine().getErr().println("herald: pushed " + (i + 1) + "/" + targets.size());
                }
            }
            boolean complete = wait == null || follow(client, results);
            if (admin.json) {
                printJson(out, results.size() == 1 ? results.get(0) : results);
            } else {
                for (int i = 0; i < results.size(); i++) {
                    ((ObjectNode) results.get(i)).put("target", targets.get(i));
                }
                (wait == null ? SENT : FOLLOWED).print(out, results);
            }
            if (!complete) {
                throw new AdminFailure(ExitCodes.TIMEOUT, "not every matched installation got the push within " + wait + " s");
            }
        }

        /** Polls every push's status until each is delivered, expired or dropped everywhere, or --wait passes. */
        private boolean follow(AdminApi client, ArrayNode results) {
            long deadline = System.nanoTime() + wait * 1_000_000_000L;
            while (true) {
                boolean complete = true;
                for (int i = 0; i < results.size(); i++) {
                    JsonNode status = client.get("/api/push/messages/" + AdminApi.segment(results.get(i).path("pushMessageID").asText()));
                    results.set(i, status);
                    complete &= status.path("delivered").asLong() + status.path("expired").asLong()
                            + status.path("dropped").asLong() >= status.path("matched").asLong();
                }
                if (complete || System.nanoTime() > deadline) {
                    return complete;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }

        private ObjectNode body() {
            if (wait != null && wait < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--wait must be 0 or more seconds");
            }
            ObjectNode fields = dataJson == null ? AdminApi.JSON.createObjectNode() : dataJson.deepCopy();
            data.forEach((k, v) -> fields.set(k, value(v)));
            ObjectNode body = AdminApi.JSON.createObjectNode();
            body.set("data", fields);
            body.putObject("mqtt").put("enabled", true);
            body.put("sendToDevelopment", !noDevelopment).put("sendToProduction", !noProduction);
            if (expiry != null) {
                body.put("expiry", expiry);
            }
            return body;
        }

        private static JsonNode value(String v) {
            if (v.equals("true") || v.equals("false") || v.equals("null") || NUMBER.matcher(v).matches()) {
                try {
                    return AdminApi.JSON.readTree(v);
                } catch (java.io.IOException e) {
                    return AdminApi.JSON.getNodeFactory().textNode(v);
                }
            }
            return AdminApi.JSON.getNodeFactory().textNode(v);
        }
    }

    /** {@code herald push user USER_ID…}. */
    @Command(name = "user", description = "Push directly to each user's installation.",
            footerHeading = "%nExamples:%n", footer = {"  herald push user 4f1c… -d title='Build finished' -d category=ci --wait 5"})
    static final class ToUser extends Pusher {
        @Parameters(paramLabel = "USER_ID", arity = "1..*", description = "The users' ids.")
        List<String> ids = new ArrayList<>();

        @Override
        List<String> targets() {
            return ids;
        }

        @Override
        String path(String target) {
            return "/api/users/" + AdminApi.segment(target) + "/push/messages";
        }
    }

    /** {@code herald push thing THING_ID…}. */
    @Command(name = "thing", description = "Push directly to each thing's installation.",
            footerHeading = "%nExamples:%n", footer = {"  herald push thing pump-7 pump-8 -d command=refresh"})
    static final class ToThing extends Pusher {
        @Parameters(paramLabel = "THING_ID", arity = "1..*", description = "The things' ids.")
        List<String> ids = new ArrayList<>();

        @Override
        List<String> targets() {
            return ids;
        }

        @Override
        String path(String target) {
            return "/api/things/" + AdminApi.segment(target) + "/push/messages";
        }
    }

    /** {@code herald push topic TOPIC_ID}. */
    @Command(name = "topic", description = "Push to every installation of a push topic's subscribers.",
            footerHeading = "%nExamples:%n", footer = {"  herald push topic news -d title=Hello -d category=news --wait 10"})
    static final class ToTopic extends Pusher {
        @Parameters(paramLabel = "TOPIC_ID", arity = "1..*", description = "The push topics.")
        List<String> ids = new ArrayList<>();

        @Override
        List<String> targets() {
            return ids;
        }

        @Override
        String path(String target) {
            return "/api/topics/" + AdminApi.segment(target) + "/push/messages";
        }
    }
}
