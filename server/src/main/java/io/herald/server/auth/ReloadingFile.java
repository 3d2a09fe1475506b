package io.herald.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration file parsed into a {@code T} that is re-read when asked: readers always see the last
 * version that parsed. A file that no longer parses (or cannot be read) keeps the previous version in
 * force and logs why, once per distinct content.
 *
 * <p>Threads: {@link #current} from any thread (a volatile read); {@link #reload} from the file watcher
 * and the SIGHUP handler, serialized on this object.
 */
final class ReloadingFile<T> {

    /** Turns a file's text into a {@code T}, or says which line is wrong. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(Path file, String text) throws ConfigFileException;
    }

    private static final Logger log = LoggerFactory.getLogger(ReloadingFile.class);

    private final String what;
    private final Path path;
    private final Parser<T> parser;
    private volatile T current;
    private byte[] lastSeen; // guarded by this: the content current (or the last rejected one) came from

    private ReloadingFile(String what, Path path, Parser<T> parser, T current, byte[] content) {
        this.what = what;
        this.path = path;
        this.parser = parser;
        this.current = current;
        this.lastSeen = content;
    }

    /**
     * Reads and parses the file for the first time.
     *
     * @param what names the file in log lines, e.g. {@code acl file}
     * @throws ConfigFileException when it cannot be read or parsed: the server must not start
     */
    static <T> ReloadingFile<T> load(String what, Path path, Parser<T> parser) throws ConfigFileException {
        byte[] content = read(path);
        return new ReloadingFile<>(what, path, parser, parse(parser, path, content), content);
    }

    T current() {
        return current;
    }

    Path path() {
        return path;
    }

    /**
     * Re-reads the file and, when its content changed (or {@code force}), parses it and puts it in force.
     *
     * @return whether a new version is now in force
     */
    synchronized boolean reload(boolean force) {
        byte[] content;
        try {
            content = read(path);
        } catch (ConfigFileException e) {
            if (lastSeen != null) {
                log.warn("{} not reloaded, the previous version stays in force: {}", what, e.getMessage());
            }
            lastSeen = null;
            return false;
        }
        if (!force && Arrays.equals(content, lastSeen)) {
            return false;
        }
        lastSeen = content;
        try {
            current = parse(parser, path, content);
            log.info("reloaded {} {}", what, path);
            return true;
        } catch (ConfigFileException e) {
            log.warn("{} not reloaded, the previous version stays in force: {}", what, e.getMessage());
            return false;
        }
    }

    private static byte[] read(Path path) throws ConfigFileException {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigFileException(path, 0,
                    e instanceof NoSuchFileException ? "no such file" : "cannot read it: " + e.getMessage());
        }
    }

    private static <T> T parse(Parser<T> parser, Path path, byte[] content) throws ConfigFileException {
        try {
            return parser.parse(path, new String(content, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ConfigFileException(path, 0, "cannot parse it: " + e); // a parser bug: say so, stay up
        }
    }
}
