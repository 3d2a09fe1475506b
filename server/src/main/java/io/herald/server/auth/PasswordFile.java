package io.herald.server.auth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The password file's content: one {@code user:hash} line per user, as Mosquitto's password_file,
 * with Argon2id hashes (see {@link PasswordHasher}); blank lines and lines starting with {@code #} are
 * ignored. A user name holds no {@code :} and no control characters, and does not start with
 * {@code #} or white space. Immutable.
 */
public record PasswordFile(Map<String, String> hashes) {

    public PasswordFile {
        hashes = Map.copyOf(hashes);
    }

    /** Parses a password file's text; any bad line rejects the whole file. */
    public static PasswordFile parse(Path file, String text) throws ConfigFileException {
        Map<String, String> hashes = new HashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new ConfigFileException(file, i + 1, "expected user:hash");
            }
            String user = line.substring(0, colon);
            String hash = line.substring(colon + 1);
            String userProblem = problemWithUsername(user);
            if (userProblem != null) {
                throw new ConfigFileException(file, i + 1, userProblem);
            }
            if (!PasswordHasher.isValid(hash)) {
                throw new ConfigFileException(file, i + 1, "the hash of user '" + user
                        + "' is not an Argon2id hash; write entries with 'herald passwd'");
            }
            if (hashes.put(user, hash) != null) {
                throw new ConfigFileException(file, i + 1, "user '" + user + "' is listed twice");
            }
        }
        return new PasswordFile(hashes);
    }

    /** Why {@code user} cannot be in a password file, or null when it can. */
    public static String problemWithUsername(String user) {
        if (user.isEmpty()) {
            return "the user name is empty";
        }
        if (user.indexOf(':') >= 0) {
            return "a user name cannot contain ':'";
        }
        if (user.chars().anyMatch(Character::isISOControl)) {
            return "a user name cannot contain control characters";
        }
        if (user.startsWith("#") || !user.strip().equals(user)) {
            return "a user name cannot start with '#' or start or end with white space";
        }
        return null;
    }

    /** The stored hash of {@code user}, or null when the file does not list it. */
    public String hashOf(String user) {
        return hashes.get(user);
    }

    /**
     * The file's text with {@code user}'s entry set to {@code hash} (replaced in place, or appended),
     * every other line kept as it was.
     */
    public static String withUser(String text, String user, String hash) {
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String line : text.lines().toList()) {
            if (isEntryOf(line, user)) {
                if (!replaced) {
                    out.add(user + ":" + hash);
                    replaced = true;
                }
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            out.add(user + ":" + hash);
        }
        return String.join("\n", out) + "\n";
    }

    /** The file's text without {@code user}'s entry, or null when it has none. */
    public static String withoutUser(String text, String user) {
        List<String> lines = text.lines().toList();
        List<String> kept = lines.stream().filter(l -> !isEntryOf(l, user)).toList();
        if (kept.size() == lines.size()) {
            return null;
        }
        return kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
    }

    private static boolean isEntryOf(String line, String user) {
        return line.strip().startsWith(user + ":");
    }
}
