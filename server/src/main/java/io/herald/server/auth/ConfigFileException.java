package io.herald.server.auth;

import java.nio.file.Path;

/**
 * A configuration file that cannot be used, with the line at fault: its message reads
 * {@code FILE:LINE: reason}, or {@code FILE: reason} when no one line is at fault.
 */
public final class ConfigFileException extends Exception {

    private final Path file;
    private final int line;

    /** @param line 1-based, or 0 when the problem is not on one line (the file is missing, empty) */
    public ConfigFileException(Path file, int line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based, or 0 when the problem is not on one line. */
    public int line() {
        return line;
    }
}
