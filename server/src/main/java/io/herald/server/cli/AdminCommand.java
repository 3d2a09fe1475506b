package io.herald.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * An admin subcommand ({@code herald token create}, …): the shared options, one REST client, and the
 * failure handling every one of them has: a refused or failed request prints one line to stderr
 * ({@code herald: …}) and exits with its {@link ExitCodes} code. Not thread-safe: picocli fills the fields,
 * then {@link #call()} runs once.
 */
@Command(exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
    "0:done", "1:the server cannot be reached, or refused the request (bad input, conflict, server error)",
    "2:bad usage: an invalid option or value", "4:not found: no such id, client id or topic",
    "5:the token (--token, HERALD_TOKEN) is missing, invalid, expired or not an admin's"})
abstract class AdminCommand implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        AdminApi api = new AdminApi(admin.base(), admin.bearer());
        try {
            run(api, spec.commandLine().getOut());
            return ExitCodes.OK;
        } catch (AdminFailure f) {
            spec.commandLine().getErr().println("herald: " + f.getMessage());
            return f.exitCode();
        }
    }

    /** Does the request(s) and prints the result; failures are {@link AdminFailure}s. */
    abstract void run(AdminApi api, PrintWriter out);

    /** {@code answer} as indented JSON (for {@code --json}). */
    static void printJson(PrintWriter out, JsonNode answer) {
        try {
            out.println(AdminApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new AdminFailure(ExitCodes.FAILURE, "cannot print the answer: " + e.getOriginalMessage());
        }
    }

    /** The list's rows in a table, or the whole answer with --json. */
    void printList(PrintWriter out, JsonNode answer, String field, Table table) {
        if (admin.json) {
            printJson(out, answer);
        } else {
            table.print(out, answer.path(field));
        }
    }

    /** One record, or the whole answer with --json. */
    void printRecord(PrintWriter out, JsonNode answer, Table table) {
        if (admin.json) {
            printJson(out, answer);
        } else {
            table.printRecord(out, answer);
        }
    }

    /** A one-line confirmation for people; nothing with --json (the exit code says it). */
    void done(PrintWriter out, String line) {
        if (!admin.json) {
            out.println(line);
        }
    }
}
