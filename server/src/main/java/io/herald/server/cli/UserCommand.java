package io.herald.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald user create|list|show|delete} over {@code /api/users}. */
@Command(name = "user", description = "Create, list, show and delete users (people who log in and receive pushes).",
        subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Show.class,
            UserCommand.Delete.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:done", "1:the server cannot be reached or refused the request (e.g. the username is taken)",
            "2:bad usage", "4:no such user", "5:the token given with --token is invalid or not an admin's"},
        footerHeading = "%nExamples:%n", footer = {
            "  herald user create alice --password-stdin <<< 'correct horse battery'",
            "  herald user list",
            "  herald user delete 6c1e…"})
public final class UserCommand extends AdminGroup {

    static final Table TABLE = new Table(List.of(
            new Table.Column("ID", r -> Table.text(r, "userID")),
            new Table.Column("USERNAME", r -> Table.text(r, "username")),
            new Table.Column("CREATED", r -> Table.time(r, "created"))));

    /** {@code herald user create NAME}. */
    @Command(name = "create", description = "Create a user with a password (8 or more characters).",
            footerHeading = "%nExamples:%n", footer = {
                "  herald user create alice --password 'correct horse battery'",
                "  herald user create alice --password-stdin < password.txt"})
    static final class Create extends AdminCommand {
        @Parameters(paramLabel = "USERNAME", description = "3 to 64 of A-Z a-z 0-9 . _ @ -")
        String username;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        PasswordSource password;

        /** Exactly one of --password and --password-stdin. */
        static final class PasswordSource {
            @Option(names = "--password", description = "The password (visible in the process list: prefer --password-stdin).")
            String value;

            @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
            boolean stdin;
        }

        @Override
        void run(AdminApi client, PrintWriter out) {
            String secret = password.stdin ? firstLineOfStdin() : password.value;
            ObjectNode body = AdminApi.JSON.createObjectNode().put("username", username).put("password", secret);
            printRecord(out, client.post("/api/users", body), TABLE);
        }

        private String firstLineOfStdin() {
            try {
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--password-stdin: stdin is empty");
                }
                return line;
            } catch (java.io.IOException e) {
                throw new AdminFailure(ExitCodes.FAILURE, "cannot read stdin: " + e.getMessage());
            }
        }
    }

    /** {@code herald user list}. */
    @Command(name = "list", description = "List users in username order.",
            footerHeading = "%nExamples:%n", footer = {"  herald user list", "  herald user list --json | jq -r '.users[].username'"})
    static final class ListUsers extends AdminCommand {
        @CommandLine.Mixin
        Paging paging;

        @Override
        void run(AdminApi client, PrintWriter out) {
            printList(out, client.get("/api/users" + paging.query()), "users", TABLE);
        }
    }

    /** {@code herald user show ID}. */
    @Command(name = "show", description = "Show one user.", footerHeading = "%nExamples:%n", footer = {"  herald user show 6c1e…"})
    static final class Show extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The user's id.")
        String id;

        @Override
        void run(AdminApi client, PrintWriter out) {
            printRecord(out, client.get("/api/users/" + AdminApi.segment(id)), TABLE);
        }
    }

    /** {@code herald user delete ID}. */
    @Command(name = "delete", description = "Delete a user and their access tokens.",
            footerHeading = "%nExamples:%n", footer = {"  herald user delete 6c1e…"})
    static final class Delete extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The user's id.")
        String id;

        @Override
        void run(AdminApi client, PrintWriter out) {
            client.delete("/api/users/" + AdminApi.segment(id));
            done(out, "deleted user " + id);
        }
    }
}
