package io.herald.server.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code herald passwd}: adds a user to a password file or changes its password, or deletes it, as
 * mosquitto_passwd does. Other lines of the file are kept; the file is replaced atomically (a running
 * server never reads half of it) and a new one is readable by its owner only.
 */
@Command(
        name = "passwd",
        mixinStandardHelpOptions = true,
        description = {
            "Adds USER to the password file FILE (serve --password-file) or changes its password; -D deletes it.",
            "The password is asked twice on a terminal, or read from the first line of standard input;",
            "with -b it is the PASSWORD argument (visible to other users in the process list)."
        })
public final class PasswdCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "-b", description = "Batch mode: take the password from the command line.")
    boolean batch;

    @Option(names = "-D", description = "Delete USER from FILE.")
    boolean delete;

    @Parameters(index = "0", paramLabel = "FILE", description = "The password file; created when missing.")
    Path file;

    @Parameters(index = "1", paramLabel = "USER", description = "The user name.")
    String user;

    @Parameters(index = "2", arity = "0..1", paramLabel = "PASSWORD", description = "With -b: the password.")
    String password;

    private final InputStream stdin;
    private final PasswordHasher hasher;

    public PasswdCommand() {
        this(System.in, PasswordHasher.DEFAULT);
    }

    PasswdCommand(InputStream stdin, PasswordHasher hasher) {
        this.stdin = stdin;
        this.hasher = hasher;
    }

    @Override
    public Integer call() throws IOException, ConfigFileException {
        checkArguments();
        String text = Files.exists(file) ? Files.readString(file) : "";
        PasswordFile.parse(file, text); // never rewrite a file we do not understand
        if (delete) {
            String rest = PasswordFile.withoutUser(text, user);
            if (rest == null) {
                throw new IllegalStateException("no user '" + user + "' in " + file);
            }
            replace(rest);
            return 0;
        }
        byte[] secret = batch ? password.getBytes(StandardCharsets.UTF_8) : readPassword();
        try {
            if (secret.length == 0) {
                throw new IllegalStateException("empty passwords are not allowed");
            }
            replace(PasswordFile.withUser(text, user, hasher.hash(secret)));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return 0;
    }

    private void checkArguments() {
        String problem = PasswordFile.problemWithUsername(user);
        if (problem == null && delete && batch) {
            problem = "-D and -b cannot be combined";
        } else if (problem == null && batch != (password != null)) {
            problem = batch ? "-b needs the PASSWORD argument" : "a PASSWORD argument needs -b";
        } else if (problem == null && delete && password != null) {
            problem = "-D takes no PASSWORD";
        }
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), problem);
        }
    }

    private byte[] readPassword() throws IOException {
        Console console = System.console();
        if (console == null) {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalStateException("no password on standard input");
            }
            return line.getBytes(StandardCharsets.UTF_8);
        }
        char[] first = console.readPassword("Password: ");
        char[] again = first == null ? null : console.readPassword("Reenter password: ");
        if (again == null) {
            throw new IllegalStateException("no password entered");
        }
        try {
            if (!Arrays.equals(first, again)) {
                throw new IllegalStateException("the passwords do not match");
            }
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(first));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } finally {
            Arrays.fill(first, '\0');
            Arrays.fill(again, '\0');
        }
    }

    /** Writes {@code text} beside the file, then moves it over the file in one step. */
    private void replace(String text) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp"); // 0600 on POSIX
        try {
            Files.writeString(tmp, text);
            if (Files.exists(target)) {
                try {
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the new file keeps the default permissions
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
