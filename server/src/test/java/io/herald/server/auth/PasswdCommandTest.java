package io.herald.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code herald passwd}, with cheap Argon2 parameters; the server side reads what it writes. */
class PasswdCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        CommandLine cl = new CommandLine(new PasswdCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), PasswordAuthenticatorTest.CHEAP));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private PasswordFile read(Path file) throws Exception {
        return PasswordFile.parse(file, Files.readString(file));
    }

    @Test
    void batch_createsTheFileOwnerOnly_andTheHashVerifies() throws Exception {
        Path file = dir.resolve("passwd");
        assertThat(run("", "-b", file.toString(), "bob", "s3cret")).isZero();
        String hash = read(file).hashOf("bob");
        assertThat(hash).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(PasswordHasher.verify("s3cret".getBytes(StandardCharsets.UTF_8), hash)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void passwordFromStdin_addsAUser_keepingOtherLines() throws Exception {
        Path file = dir.resolve("passwd");
        assertThat(run("", "-b", file.toString(), "alice", "a")).isZero();
        Files.writeString(file, "# team\n" + Files.readString(file));
        assertThat(run("from-stdin\nignored\n", file.toString(), "bob")).isZero();
        assertThat(Files.readString(file)).startsWith("# team\nalice:");
        assertThat(PasswordHasher.verify("from-stdin".getBytes(StandardCharsets.UTF_8), read(file).hashOf("bob")))
                .isTrue();
    }

    @Test
    void existingUser_getsANewHashInPlace() throws Exception {
        Path file = dir.resolve("passwd");
        run("", "-b", file.toString(), "bob", "one");
        run("", "-b", file.toString(), "carol", "c");
        assertThat(run("", "-b", file.toString(), "bob", "two")).isZero();
        assertThat(Files.readAllLines(file)).hasSize(2).first().asString().startsWith("bob:");
        assertThat(PasswordHasher.verify("two".getBytes(StandardCharsets.UTF_8), read(file).hashOf("bob"))).isTrue();
    }

    @Test
    void delete_removesTheUser_andAnUnknownUserIsAnError() throws Exception {
        Path file = dir.resolve("passwd");
        run("", "-b", file.toString(), "bob", "one");
        assertThat(run("", "-D", file.toString(), "bob")).isZero();
        assertThat(read(file).hashes()).isEmpty();
        assertThat(run("", "-D", file.toString(), "bob")).isEqualTo(1);
        assertThat(err.toString()).contains("no user 'bob' in " + file);
    }

    @Test
    void badUsage_exitCode2_andBrokenFileIsNotRewritten() throws Exception {
        Path file = dir.resolve("passwd");
        assertThat(run("", "-b", file.toString(), "bob")).isEqualTo(2);
        assertThat(run("", file.toString(), "bob", "pw")).isEqualTo(2);
        assertThat(run("", "-b", file.toString(), "a:b", "pw")).isEqualTo(2);
        assertThat(run("", file.toString(), "bob")).as("empty stdin").isEqualTo(1);
        assertThat(run("\n", file.toString(), "bob")).as("empty password").isEqualTo(1);
        assertThat(file).doesNotExist();
        Files.writeString(file, "not a password line\n");
        assertThat(run("", "-b", file.toString(), "bob", "pw")).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo("not a password line\n");
    }
}
