package io.herald.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.herald.server.auth.ConfigFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration file as read: each key with its value's text and line, before the keys are checked
 * against the settings. The file is a YAML mapping of keys to single values; a nested mapping groups
 * keys, its keys joined with {@code -} ({@code mqtt: {port: 1883}} is {@code mqtt-port: 1883}).
 * Reads the streaming tokens rather than a tree to know each value's line. Immutable.
 */
public record ConfigFile(Path path, Map<String, Entry> entries) {

    private static final YAMLFactory YAML = new YAMLFactory();

    /** One key of the file: its value as written and the 1-based line of the key. */
    public record Entry(String key, String text, int line) {}

    public ConfigFile {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Reads and parses {@code path}; an unreadable file or a malformed one fails with the line at fault. */
    public static ConfigFile read(Path path) throws ConfigFileException {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigFileException(path, 0, "no such file");
        } catch (IOException e) {
            throw new ConfigFileException(path, 0, "cannot read: " + e.getMessage());
        }
        return parse(path, text);
    }

    /** Parses {@code text}, the content of {@code path}. */
    public static ConfigFile parse(Path path, String text) throws ConfigFileException {
        try (JsonParser p = YAML.createParser(text)) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            JsonToken first = p.nextToken();
            if (first == null) {
                return new ConfigFile(path, entries);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigFileException(path, line(p), "expected 'key: value' lines at the top level");
            }
            mapping(path, p, "", entries);
            if (p.nextToken() != null) {
                throw new ConfigFileException(path, line(p), "only one YAML document is allowed");
            }
            return new ConfigFile(path, entries);
        } catch (JsonProcessingException e) {
            throw new ConfigFileException(path, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigFileException(path, 0, "cannot read: " + e.getMessage());
        }
    }

    /** Reads the mapping whose START_OBJECT is the current token, to its END_OBJECT, into {@code entries}. */
    private static void mapping(Path path, JsonParser p, String prefix, Map<String, Entry> entries)
            throws IOException, ConfigFileException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix + p.currentName();
            int line = line(p);
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                mapping(path, p, key + "-", entries);
                continue;
            }
            if (value == JsonToken.VALUE_NULL) {
                throw new ConfigFileException(path, line, key + ": no value (quote a value that starts with #:"
                        + " '#' starts a YAML comment)");
            }
            if (!value.isScalarValue()) {
                throw new ConfigFileException(path, line, key + ": must be a single value, not a list");
            }
            Entry previous = entries.putIfAbsent(key, new Entry(key, p.getText(), line));
            if (previous != null) {
                throw new ConfigFileException(path, line, key + ": given twice (first on line " + previous.line() + ")");
            }
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
